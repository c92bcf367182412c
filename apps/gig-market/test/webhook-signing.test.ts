import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { retryDelayMs } from "../src/use-cases/webhooks/backoff.js";
import { newWebhookSecret, signatureOf, signedHeaders } from "../src/use-cases/webhooks/sign.js";
import { NOT_PUBLIC, webhookUrlProblem } from "../src/use-cases/webhooks/url.js";
import { verifyWebhook } from "../src/use-cases/webhooks/verify.js";

// Pure logic: neither a database nor a broker.
const secret = newWebhookSecret();
const body = JSON.stringify({ id: "d-1", type: "voucher-notice", data: { amountFen: 50000 } });
const now = 1_780_000_000;
const signed = (over: { id?: string; at?: number; key?: string; text?: string } = {}) =>
  signedHeaders([over.key ?? secret], over.id ?? "d-1", over.at ?? now, over.text ?? body);

describe("webhook signatures (Standard Webhooks)", () => {
  it("signs id.timestamp.body as v1,<base64 HMAC-SHA256> keyed with the secret's base64 bytes", () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(signed()).toEqual({
      "webhook-id": "d-1",
      "webhook-timestamp": String(now),
      "webhook-signature": signatureOf(secret, "d-1", now, body),
    });
    // The specification's own example (and `openssl dgst -sha256 -mac HMAC -macopt hexkey:… -binary | base64`).
    expect(
      signatureOf(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1_614_265_330,
        '{"test": 2432232314}',
      ),
    ).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("is what the standardwebhooks library verifies, with one secret or during a rotation with two", () => {
    const at = Math.floor(Date.now() / 1000);
    const previous = newWebhookSecret();
    const one = signedHeaders([secret], "d-1", at, body);
    expect(new Webhook(secret).verify(body, one)).toEqual(JSON.parse(body));
    expect(() => new Webhook(previous).verify(body, one)).toThrow(/No matching signature/);
    const both = signedHeaders([secret, previous], "d-1", at, body);
    expect(both["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(new Webhook(secret).verify(body, both)).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, both)).toEqual(JSON.parse(body));
  });

  it("signs with a secret issued before Standard Webhooks (base64url) by the same 32 bytes", () => {
    const bytes = Buffer.alloc(32, 0xfb); // base64url "-_", base64 "+/": the alphabets differ here
    const old = `whsec_${bytes.toString("base64url")}`;
    const at = Math.floor(Date.now() / 1000);
    const headers = signedHeaders([old], "d-1", at, body);
    expect(new Webhook(`whsec_${bytes.toString("base64")}`).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(bytes, { format: "raw" }).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("adds the pre-Standard-Webhooks headers only when asked (subscriptions made before, until they rotate)", () => {
    expect(Object.keys(signed()).some((k) => k.startsWith("pes-"))).toBe(false);
    const legacy = signedHeaders([secret], "d-1", 1_780_000_000, '{"ok":true}', "whsec_example");
    // The same as `printf '%s' 'd-1.1780000000.{"ok":true}' | openssl dgst -sha256 -hmac whsec_example`.
    expect(legacy).toMatchObject({
      "pes-webhook-id": "d-1",
      "pes-webhook-timestamp": "1780000000",
      "pes-webhook-signature": "v1=a4a62afa859971ede89eda7b05cf850f1fd9cc384cb08c613fc0b4775b9350ad",
      "webhook-signature": signatureOf(secret, "d-1", 1_780_000_000, '{"ok":true}'),
    });
  });

  it("verifies a genuine delivery, with plain or Fetch headers and a string or byte body", () => {
    expect(verifyWebhook({ secret, headers: signed(), body, now })).toEqual({
      ok: true,
      id: "d-1",
      timestamp: now,
    });
    const fetchHeaders = new Headers(signed());
    expect(verifyWebhook({ secret, headers: fetchHeaders, body: Buffer.from(body), now }).ok).toBe(true);
    const upper = Object.fromEntries(Object.entries(signed()).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifyWebhook({ secret, headers: upper, body, now }).ok).toBe(true);
  });

  it.each([
    ["a tampered body", { headers: () => signed(), body: body.replace("50000", "90000") }, "bad-signature"],
    ["the wrong secret", { headers: () => signed({ key: newWebhookSecret() }), body }, "bad-signature"],
    [
      "a re-dated timestamp",
      { headers: () => ({ ...signed(), "webhook-timestamp": String(now + 1) }), body },
      "bad-signature",
    ],
    ["another id", { headers: () => ({ ...signed(), "webhook-id": "d-2" }), body }, "bad-signature"],
    [
      "a truncated signature",
      { headers: () => ({ ...signed(), "webhook-signature": "v1,abcd" }), body },
      "bad-signature",
    ],
    [
      "a missing signature",
      { headers: () => ({ "webhook-id": "d-1", "webhook-timestamp": String(now) }), body },
      "missing-headers",
    ],
    [
      "a timestamp that is not a number",
      { headers: () => ({ ...signed(), "webhook-timestamp": "soon" }), body },
      "missing-headers",
    ],
  ])("rejects %s", (_, { headers, body: sent }, reason) => {
    expect(verifyWebhook({ secret, headers: headers(), body: sent, now })).toMatchObject({
      ok: false,
      reason,
    });
  });

  it("rejects a timestamp outside the tolerance either way, and takes one inside it", () => {
    const old = signed({ at: now - 301 });
    expect(verifyWebhook({ secret, headers: old, body, now })).toMatchObject({
      ok: false,
      reason: "stale-timestamp",
    });
    const ahead = signed({ at: now + 301 });
    expect(verifyWebhook({ secret, headers: ahead, body, now })).toMatchObject({
      ok: false,
      reason: "stale-timestamp",
    });
    expect(verifyWebhook({ secret, headers: signed({ at: now - 299 }), body, now }).ok).toBe(true);
    expect(verifyWebhook({ secret, headers: old, body, now, toleranceSeconds: 600 }).ok).toBe(true);
  });

  it("rejects a delivery id already seen (a replay), and remembers only verified ones", () => {
    const seen = new Set<string>();
    expect(verifyWebhook({ secret, headers: signed({ key: "wrong" }), body, now, seen }).ok).toBe(false);
    expect(seen.size).toBe(0);
    expect(verifyWebhook({ secret, headers: signed(), body, now, seen }).ok).toBe(true);
    expect(verifyWebhook({ secret, headers: signed({ at: now + 5 }), body, now, seen })).toEqual({
      ok: false,
      reason: "replayed",
      id: "d-1",
    });
  });

  it("accepts any of several v1 signatures (space-separated), so a header may carry more than one", () => {
    const other = signatureOf(newWebhookSecret(), "d-1", now, body);
    const headers = {
      ...signed(),
      "webhook-signature": `v1a,xyz ${other} ${signed()["webhook-signature"]}`,
    };
    expect(verifyWebhook({ secret, headers, body, now }).ok).toBe(true);
  });
});

describe("retry backoff", () => {
  it("grows threefold from the base (10 s, 30 s, 90 s …), capped at 360 times the base", () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, 10_000, middle))).toEqual([
      10_000, 30_000, 90_000, 270_000, 810_000, 2_430_000, 3_600_000,
    ]);
    expect(retryDelayMs(30, 10_000, middle)).toBe(3_600_000);
  });

  it("jitters by ±20 %", () => {
    expect(retryDelayMs(2, 10_000, () => 0)).toBe(24_000);
    expect(retryDelayMs(2, 10_000, () => 1)).toBe(36_000);
  });
});

describe("webhook URL rules (by the text; webhook-targets.test.ts has the addresses)", () => {
  const dev = { production: false, allowHosts: ["127.0.0.1", "[::1]:9000", "localhost"] };
  const prod = { production: true, allowHosts: [] };
  it.each([
    ["https://gig.example.cn/hooks", dev, undefined],
    ["https://gig.example.cn/hooks", prod, undefined],
    ["http://127.0.0.1:8080/hooks", dev, undefined],
    ["http://localhost/hooks", dev, undefined],
    ["http://localhost./hooks", dev, undefined],
    ["http://[::1]:9000/", dev, undefined],
    [
      "http://[::1]:9001/",
      dev,
      "must be https (plain http only to a host of PES_WEBHOOK_ALLOW_HOSTS outside production)",
    ],
    ["http://127.0.0.1:8080/hooks", prod, "must be https"],
    ["https://localhost/hooks", prod, NOT_PUBLIC],
    ["https://127.0.0.1:8080/hooks", { production: false, allowHosts: [] }, NOT_PUBLIC],
    [
      "http://gig.example.cn/hooks",
      dev,
      "must be https (plain http only to a host of PES_WEBHOOK_ALLOW_HOSTS outside production)",
    ],
    ["https://user:pass@gig.example.cn/hooks", dev, "must not contain credentials"],
    ["https://token@gig.example.cn/hooks", prod, "must not contain credentials"],
    ["ftp://gig.example.cn/", dev, "must be an https URL"],
    ["not a url", dev, "must be an absolute URL"],
  ])("%s (%o): %s", (url, policy, problem) => {
    expect(webhookUrlProblem(url, policy)).toBe(problem);
  });
});
