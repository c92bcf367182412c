import { createServer } from "node:net";
import type { Logger } from "@pes/http";
import { flowbackReceipts } from "@pes/sync";
import { waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { flowbackHandler } from "../src/streams/flowback.js";
import { WebhookDispatcher } from "../src/use-cases/webhooks/dispatcher.js";
import { verifyWebhook } from "../src/use-cases/webhooks/verify.js";
import {
  type GigApp,
  type Headers,
  person,
  rows,
  startReceiver,
  testApp,
  topicOf,
  voucher,
  workNeeded,
} from "./support/index.js";

// biome-ignore lint/suspicious/noExplicitAny: responses are read loosely
type Json = any;

let gig: GigApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let dispatcher: WebhookDispatcher;
const logged: string[] = [];
const logger: Logger = {
  info: (msg, fields) => logged.push(JSON.stringify({ msg, ...fields })),
  warn: (msg, fields) => logged.push(JSON.stringify({ msg, ...fields })),
  error: (msg, fields) => logged.push(JSON.stringify({ msg, ...fields })),
};

beforeAll(async () => {
  // Loopback receivers only through the allow-list, as in development with PES_WEBHOOK_ALLOW_HOSTS.
  gig = await testApp("webhooks", { webhookAllowHosts: ["127.0.0.1"] });
  receiver = await startReceiver();
  // Backoff of 20 ms and three attempts: the schedule runs in a moment, tests wait on conditions only.
  dispatcher = new WebhookDispatcher({
    db: gig.db.db,
    cipher: gig.services.cipher,
    backoff: { baseMs: 20, maxAttempts: 3 },
    targets: gig.services.webhookTargets,
    timeoutMs: 2_000,
    pollMs: 20,
    logger,
  });
  dispatcher.start();
});

afterAll(async () => {
  await dispatcher?.stop();
  await receiver?.close();
  await gig?.close();
});

const chen = person("陈明");

/** A flow-back notice for 思明 applied as the consumer does, Kafka aside (flowback.test.ts covers that). */
async function notice(kind: "work-needed-notice" | "voucher-notice" = "work-needed-notice") {
  const marketId = gig.ids.siming;
  const data = kind === "voucher-notice" ? voucher(marketId, chen) : workNeeded(marketId, chen);
  await gig.db.db.transaction((tx) =>
    flowbackHandler(gig.services.cipher, flowbackReceipts(gig.services.trust))(tx, {
      topic: topicOf(marketId),
      data,
      definition: { name: kind },
    } as never),
  );
  return data.id;
}

async function subscribe(
  path: string,
  extra: Record<string, unknown> = {},
  headers: Headers = gig.as.siming,
) {
  const res = await gig.post("/v1/webhooks", { url: receiver.url(path), ...extra }, headers);
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; secret: string };
}

const deliveries = async (hookId: string, headers: Headers = gig.as.siming): Promise<Json[]> => {
  const res = await gig.get(`/v1/webhooks/${hookId}/deliveries`, headers);
  expect(res.status, res.text).toBe(200);
  return res.body.items;
};

/** Waits for the webhook's only delivery to reach `status`. */
const settled = (hookId: string, status: string): Promise<Json> =>
  waitFor(
    async () => {
      const [d] = await deliveries(hookId);
      return d?.status === status ? d : undefined;
    },
    { what: `the delivery ${status}` },
  );

describe("webhook subscriptions", () => {
  it("shows the signing secret once, keeps it only encrypted, and replays it to an idempotent retry", async () => {
    const headers = { ...gig.as.siming, "idempotency-key": "hook-1" };
    const created = await gig.post(
      "/v1/webhooks",
      { url: receiver.url("/ok"), kinds: ["voucher-notice"] },
      headers,
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      url: receiver.url("/ok"),
      kinds: ["voucher-notice"],
      createdAt: expect.any(String),
      secretRotatedAt: null,
      previousSecretExpiresAt: null,
      secret: expect.stringMatching(/^whsec_/),
    });
    const again = await gig.post(
      "/v1/webhooks",
      { url: receiver.url("/ok"), kinds: ["voucher-notice"] },
      headers,
    );
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.secret).toBe(created.body.secret);

    const one = await gig.get(`/v1/webhooks/${created.body.id}`);
    expect(one.body).toEqual({ ...created.body, secret: undefined });
    expect(one.text).not.toContain("whsec_");
    const list = await gig.get("/v1/webhooks");
    expect(list.body.items.map((h: Json) => h.id)).toContain(created.body.id);
    expect(list.text).not.toContain("whsec_");
    const stored = await rows<{ t: string }>(gig.db, sql`select w::text as t from gm_webhooks w`);
    expect(stored.map((r) => r.t).join()).not.toContain(created.body.secret);
    await gig.del(`/v1/webhooks/${created.body.id}`);
  });
  // Rotation (both secrets sign for a window): standard-webhooks.test.ts.
});

describe("webhook deliveries", () => {
  it("POSTs each new item signed, as { id, type, createdAt, data } with the item masked, and logs the attempt", async () => {
    const hook = await subscribe("/ok/signed");
    const recordId = await notice("voucher-notice");
    const delivery = await settled(hook.id, "delivered");
    const [got] = receiver.of("/ok/signed");
    expect(verifyWebhook({ secret: hook.secret, headers: got!.headers, body: got!.body })).toMatchObject({
      ok: true,
      id: delivery.id,
    });
    expect(got!.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(got!.body);
    const item = (await gig.get("/v1/flowback?kind=voucher-notice")).body.items.find(
      (i: Json) => i.recordId === recordId,
    );
    expect(body).toEqual({
      id: delivery.id,
      type: "voucher-notice",
      createdAt: delivery.createdAt,
      data: item,
    });
    expect(got!.body).not.toContain(chen.idNumber);
    expect(got!.body).not.toContain("陈明");
    expect(delivery).toMatchObject({
      itemId: item.id,
      type: "voucher-notice",
      status: "delivered",
      nextAttemptAt: null,
      deliveredAt: expect.any(String),
      attempts: [{ at: expect.any(String), statusCode: 200, durationMs: expect.any(Number), error: null }],
    });
    await gig.del(`/v1/webhooks/${hook.id}`);
  });

  it("retries a receiver that answers 500 twice: three attempts logged, then delivered, always the same id", async () => {
    const hook = await subscribe("/flaky");
    await notice();
    const delivery = await settled(hook.id, "delivered");
    expect(delivery.attempts.map((a: Json) => [a.statusCode, a.error])).toEqual([
      [500, "HTTP 500"],
      [500, "HTTP 500"],
      [200, null],
    ]);
    const got = receiver.of("/flaky");
    expect(got.map((r) => r.headers["webhook-id"])).toEqual([delivery.id, delivery.id, delivery.id]);
    for (const r of got)
      expect(verifyWebhook({ secret: hook.secret, headers: r.headers, body: r.body }).ok).toBe(true);
    await gig.del(`/v1/webhooks/${hook.id}`);
  });

  it("marks a delivery failed after the last attempt, whether the receiver errs or cannot be reached", async () => {
    const down = await subscribe("/down");
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const unreachable = await gig.post("/v1/webhooks", { url: `http://127.0.0.1:${closed}/hook` });
    await notice();
    const failed = await settled(down.id, "failed");
    expect(failed.attempts.map((a: Json) => a.statusCode)).toEqual([503, 503, 503]);
    expect(failed.nextAttemptAt).toBeNull();
    const refused = await settled(unreachable.body.id, "failed");
    expect(refused.attempts.map((a: Json) => [a.statusCode, a.error])).toEqual([
      [null, "ECONNREFUSED"],
      [null, "ECONNREFUSED"],
      [null, "ECONNREFUSED"],
    ]);
    await gig.del(`/v1/webhooks/${unreachable.body.id}`);

    // A manual redelivery of the failed one gets a new round (and fails again here).
    const again = await gig.post(`/v1/webhooks/${down.id}/deliveries/${failed.id}/redelivery`, undefined);
    expect(again.status, again.text).toBe(202);
    expect(again.body).toMatchObject({ id: failed.id, status: "pending" });
    await waitFor(async () => (await deliveries(down.id))[0].attempts.length === 6, {
      what: "a second round",
    });
    expect((await settled(down.id, "failed")).attempts).toHaveLength(6);
    await gig.del(`/v1/webhooks/${down.id}`);
  });

  it("redelivers by hand with the same delivery id and a fresh timestamp and signature", async () => {
    const hook = await subscribe("/ok/redeliver");
    await notice();
    const first = await settled(hook.id, "delivered");
    const res = await gig.post(`/v1/webhooks/${hook.id}/deliveries/${first.id}/redelivery`, undefined);
    expect(res.status, res.text).toBe(202);
    await waitFor(() => receiver.of("/ok/redeliver").length === 2, { what: "the redelivery" });
    const [before, after] = receiver.of("/ok/redeliver");
    expect(after!.headers["webhook-id"]).toBe(first.id);
    expect(after!.body).toBe(before!.body);
    expect(Number(after!.headers["webhook-timestamp"])).toBeGreaterThanOrEqual(
      Number(before!.headers["webhook-timestamp"]),
    );
    const seen = new Set<string>();
    expect(
      verifyWebhook({ secret: hook.secret, headers: before!.headers, body: before!.body, seen }).ok,
    ).toBe(true);
    // A receiver that keeps ids sees the redelivery as one it has already processed.
    expect(
      verifyWebhook({ secret: hook.secret, headers: after!.headers, body: after!.body, seen }),
    ).toMatchObject({
      ok: false,
      reason: "replayed",
    });
    const done = await settled(hook.id, "delivered");
    expect(done.attempts).toHaveLength(2);
    await gig.del(`/v1/webhooks/${hook.id}`);
  });

  it("sends only the kinds a subscription asked for, and nothing once it is deleted", async () => {
    const vouchers = await subscribe("/ok/vouchers", { kinds: ["voucher-notice"] });
    await notice("work-needed-notice");
    await notice("voucher-notice");
    const [only] = await waitFor(
      async () => {
        const ds = await deliveries(vouchers.id);
        return ds.length === 1 && ds[0].status === "delivered" ? ds : undefined;
      },
      { what: "the voucher delivery" },
    );
    expect(only.type).toBe("voucher-notice");
    expect(receiver.of("/ok/vouchers")).toHaveLength(1);

    expect((await gig.del(`/v1/webhooks/${vouchers.id}`)).status).toBe(204);
    expect((await gig.get(`/v1/webhooks/${vouchers.id}`)).status).toBe(404);
    expect((await gig.del(`/v1/webhooks/${vouchers.id}`)).status).toBe(404);
    await notice("voucher-notice");
    const pending = await rows<{ n: number }>(
      gig.db,
      sql`select count(*)::int as n from gm_webhook_deliveries where webhook_id = ${vouchers.id}`,
    );
    expect(pending[0]!.n).toBe(1);
  });

  it("logs attempts by ids, codes and timings only: no personal data, no body", () => {
    expect(logged.length).toBeGreaterThan(0);
    const text = logged.join("\n");
    for (const clear of [chen.idNumber, "陈明", "陈*", "whsec_"]) expect(text).not.toContain(clear);
    expect(JSON.parse(logged.find((l) => l.includes("webhook attempt failed"))!)).toMatchObject({
      deliveryId: expect.any(String),
      webhookId: expect.any(String),
      attempt: expect.any(Number),
      durationMs: expect.any(Number),
    });
  });
});

describe("webhooks belong to their market", () => {
  it("answers 404 for another market's subscription and deliveries, and for a delivery of another subscription", async () => {
    const hook = await subscribe("/ok/private");
    await notice();
    const [d] = await waitFor(
      async () => {
        const ds = await deliveries(hook.id);
        return ds.length ? ds : undefined;
      },
      { what: "a delivery" },
    );
    const other = gig.as.jinjiang;
    expect((await gig.get(`/v1/webhooks/${hook.id}`, other)).status).toBe(404);
    expect((await gig.get(`/v1/webhooks/${hook.id}/deliveries`, other)).status).toBe(404);
    expect((await gig.post(`/v1/webhooks/${hook.id}/secret`, undefined, other)).status).toBe(404);
    expect(
      (await gig.post(`/v1/webhooks/${hook.id}/deliveries/${d.id}/redelivery`, undefined, other)).status,
    ).toBe(404);
    expect((await gig.del(`/v1/webhooks/${hook.id}`, other)).status).toBe(404);
    expect((await gig.get("/v1/webhooks", other)).body.items).toEqual([]);
    expect((await gig.get("/v1/flowback", other)).body.items).toEqual([]);

    const mine = await subscribe("/ok/mine");
    const crossed = await gig.post(`/v1/webhooks/${mine.id}/deliveries/${d.id}/redelivery`, undefined);
    expect(crossed.status).toBe(404);
    expect(crossed.type).toMatch(/application\/problem\+json/);
    await gig.del(`/v1/webhooks/${hook.id}`);
    await gig.del(`/v1/webhooks/${mine.id}`);
  });

  it("refuses a revoked key on the flow-back and webhook routes", async () => {
    const issued = await gig.post("/v1/keys", { label: "to revoke" });
    expect((await gig.del(`/v1/keys/${issued.body.id}`)).status).toBe(204);
    const revoked = { authorization: `Bearer ${issued.body.key}` };
    expect((await gig.get("/v1/flowback", revoked)).status).toBe(401);
    expect((await gig.get("/v1/webhooks", revoked)).status).toBe(401);
    expect((await gig.post("/v1/webhooks", { url: receiver.url("/ok") }, revoked)).status).toBe(401);
  });
});

describe("bad input", () => {
  const ok = "http://127.0.0.1:9/hook";
  it.each([
    ["no url", {}, 400, "url"],
    ["a url that is not text", { url: 5 }, 400, "url"],
    ["a relative url", { url: "/hook" }, 400, "url"],
    ["a url too long", { url: `https://gig.example.cn/${"a".repeat(2000)}` }, 400, "url"],
    ["no kinds", { url: ok, kinds: [] }, 400, "kinds"],
    ["an unknown kind", { url: ok, kinds: ["job-posting"] }, 400, "kinds.0"],
    ["plain http to another host", { url: "http://gig.example.cn/hook" }, 422, "url"],
    ["plain http to a loopback host not allow-listed", { url: "http://localhost:9/hook" }, 422, "url"],
    ["https to a link-local address", { url: "https://169.254.169.254/latest/meta-data" }, 422, "url"],
    ["credentials in the url", { url: "https://user:secret@gig.example.cn/hook" }, 422, "url"],
    ["another scheme", { url: "ftp://gig.example.cn/hook" }, 422, "url"],
  ])("POST /v1/webhooks with %s: %i at %s", async (_, body, status, path) => {
    const res = await gig.post("/v1/webhooks", body);
    expect(res.status, res.text).toBe(status);
    expect(res.type).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: Json) => e.path)).toContain(path);
    expect(res.text).not.toContain("user:secret");
  });

  it("refuses plain http even to loopback in production", async () => {
    const prod = createApp({ ...gig.services, webhookTargets: { production: true, allowHosts: [] } });
    const res = await prod.request("/v1/webhooks", {
      method: "POST",
      headers: { ...gig.as.siming, "content-type": "application/json" },
      body: JSON.stringify({ url: ok }),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Json).errors).toEqual([
      { path: "url", in: "body", message: "must be https" },
    ]);
  });

  it.each([
    ["GET", "/v1/flowback?limit=0", "limit"],
    ["GET", "/v1/flowback?limit=101", "limit"],
    ["GET", "/v1/flowback?cursor=bogus", "cursor"],
    ["GET", "/v1/flowback?kind=job-posting", "kind"],
    ["GET", "/v1/webhooks?cursor=bogus", "cursor"],
    ["GET", "/v1/webhooks/not-a-uuid", "id"],
    ["DELETE", "/v1/webhooks/not-a-uuid", "id"],
    ["POST", "/v1/webhooks/not-a-uuid/secret", "id"],
    ["GET", "/v1/webhooks/not-a-uuid/deliveries", "id"],
    ["GET", "/v1/webhooks/00000000-0000-4000-8000-000000000000/deliveries?limit=x", "limit"],
    ["POST", "/v1/webhooks/00000000-0000-4000-8000-000000000000/deliveries/nope/redelivery", "deliveryId"],
  ])("%s %s: 400 at %s", async (method, path, field) => {
    const res = await gig.call(method, path, gig.as.siming, method === "POST" ? {} : undefined);
    expect(res.status, res.text).toBe(400);
    expect(res.body.errors.map((e: Json) => e.path)).toContain(field);
  });
});
