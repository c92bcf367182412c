import type { Logger } from "@pes/http";
import { flowbackReceipts } from "@pes/sync";
import { waitFor } from "@pes/sync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import type { Market } from "../src/domain/market.js";
import { loadConfig } from "../src/env.js";
import { flowbackHandler } from "../src/streams/flowback.js";
import { REFUSED_TARGET, WebhookDispatcher } from "../src/use-cases/webhooks/dispatcher.js";
import { createWebhook } from "../src/use-cases/webhooks/store.js";
import {
  NOT_PUBLIC,
  type ResolveAll,
  systemResolve,
  vetWebhookTarget,
  type WebhookTargetPolicy,
} from "../src/use-cases/webhooks/url.js";
import { type GigApp, person, startReceiver, testApp, topicOf, workNeeded } from "./support/index.js";

// biome-ignore lint/suspicious/noExplicitAny: responses are read loosely
type Json = any;

// Nothing here leaves this machine: refusals are decided by classification (the URL's address, or
// what a name resolves to), names are resolved by a table or by the hosts file, and the only
// deliveries go to loopback receivers.

/** A resolver by table; a name it does not know fails as DNS would (NXDOMAIN), never asking DNS. */
const table =
  (names: Record<string, string[] | ResolveAll>): ResolveAll =>
  async (host) => {
    const entry = names[host];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    if (typeof entry === "function") return entry(host);
    return entry.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

const resolve = table({
  // A documentation address that ipaddr.js calls unicast stands for the public internet; never dialled.
  "hooks.gig.example.cn": ["93.184.215.14"],
  "rebind.gig.example.cn": ["127.0.0.1"],
  "mixed.gig.example.cn": ["93.184.215.14", "10.0.0.7"],
  "metadata.gig.example.cn": ["169.254.169.254"],
  "mapped.gig.example.cn": ["::ffff:127.0.0.1"],
  "ula.gig.example.cn": ["fd00:ec2::254"],
  // Resolved for real, by the hosts file: what `localhost` is on this machine (127.0.0.1, ::1).
  "hosts-file.gig.example.cn": () => systemResolve("localhost"),
});
const production: WebhookTargetPolicy = { production: true, allowHosts: [], resolve };
const development: WebhookTargetPolicy = { production: false, allowHosts: [], resolve };

describe("webhook targets refused in production", () => {
  it.each([
    "https://169.254.169.254/latest/meta-data/",
    "https://[::ffff:127.0.0.1]/",
    "https://[::ffff:7f00:1]/",
    "https://[::127.0.0.1]/",
    "https://[::7f00:1]/",
    "https://[::ffff:10.0.0.1]/",
    "https://0.0.0.0/",
    "https://[::]/",
    "https://127.0.0.1/",
    "https://127.8.9.10:8081/",
    "https://2130706433/",
    "https://0x7f.1/",
    "https://[::1]/",
    "https://10.0.0.1/",
    "https://172.16.5.4/",
    "https://192.168.1.1/",
    "https://100.100.100.200/latest/meta-data/",
    "https://[fd00:ec2::254]/",
    "https://[fe80::1]/",
    "https://224.0.0.1/",
    "https://255.255.255.255/",
    "https://localhost/",
    "https://localhost./",
    "https://LOCALHOST../",
    "https://api.localhost/",
    "https://metadata.google.internal/computeMetadata/v1/",
    "https://metadata.google.internal./",
    "https://metadata/",
    "https://printer.local/",
    // Single-label names of the hosts file and of a compose network.
    "https://vm/",
    "https://runsc./",
    "https://province-hub:8080/",
    // Names that resolve to what is not public: loopback (by the hosts file too), metadata, mapped, unique-local.
    "https://rebind.gig.example.cn/",
    "https://hosts-file.gig.example.cn/",
    "https://metadata.gig.example.cn/",
    "https://mapped.gig.example.cn/",
    "https://ula.gig.example.cn/",
    // One private address among public ones is enough.
    "https://mixed.gig.example.cn/",
    // A name that does not resolve: refused in the same words (no oracle of internal names).
    "https://nowhere.gig.example.cn/",
  ])("%s", async (url) => {
    expect(await vetWebhookTarget(url, production)).toEqual({ ok: false, problem: NOT_PUBLIC });
    // Development without an allow-list refuses the same.
    expect(await vetWebhookTarget(url, development)).toEqual({ ok: false, problem: NOT_PUBLIC });
  });

  it("the hosts file really resolves the loopback alias to loopback addresses only", async () => {
    const addresses = await systemResolve("localhost");
    expect(addresses.length).toBeGreaterThan(0);
    for (const a of addresses) expect(a.address).toMatch(/^(127\.|::1$)/);
  });

  it("accepts https to a name that resolves to public addresses, pinned to the first", async () => {
    const vetted = await vetWebhookTarget("https://hooks.gig.example.cn/pes", production);
    expect(vetted).toMatchObject({ ok: true, address: "93.184.215.14", family: 4 });
  });

  it("ignores an allow-list in production", async () => {
    const policy = { ...production, allowHosts: ["127.0.0.1", "localhost"] };
    expect(await vetWebhookTarget("http://127.0.0.1:8080/", policy)).toEqual({
      ok: false,
      problem: "must be https",
    });
    expect(await vetWebhookTarget("https://localhost/", policy)).toEqual({ ok: false, problem: NOT_PUBLIC });
  });

  it("allows in development exactly the allow-listed hosts, by host or by host:port", async () => {
    // The system resolver: `localhost` by the hosts file.
    const policy = { production: false, allowHosts: ["localhost", "127.0.0.1:9000"] };
    expect(await vetWebhookTarget("http://localhost.:4000/", policy)).toMatchObject({ ok: true });
    expect(await vetWebhookTarget("http://127.0.0.1:9000/", policy)).toMatchObject({
      ok: true,
      address: "127.0.0.1",
    });
    expect(await vetWebhookTarget("http://127.0.0.1:9001/", policy)).toMatchObject({ ok: false });
    expect(await vetWebhookTarget("https://127.0.0.2:9000/", policy)).toMatchObject({ ok: false });
  });
});

describe("PES_WEBHOOK_ALLOW_HOSTS", () => {
  it("is read as normalised hosts or host:port entries", () => {
    expect(
      loadConfig({ PES_WEBHOOK_ALLOW_HOSTS: "127.0.0.1:9000, LocalHost., [::1]" }).webhooks.allowHosts,
    ).toEqual(["127.0.0.1:9000", "localhost", "[::1]"]);
    expect(loadConfig({}).webhooks.allowHosts).toEqual([]);
  });

  it("refuses a URL instead of a host, and any entry in production", () => {
    expect(() => loadConfig({ PES_WEBHOOK_ALLOW_HOSTS: "http://127.0.0.1/hook" })).toThrow(
      /PES_WEBHOOK_ALLOW_HOSTS/,
    );
    expect(() =>
      loadConfig({
        NODE_ENV: "production",
        PES_WEBHOOK_ALLOW_HOSTS: "127.0.0.1",
        PES_PERSON_KEY_SECRET: "a-production-secret-of-the-province",
        PES_PII_KEY: Buffer.alloc(32, 7).toString("base64"),
      }),
    ).toThrow(/PES_WEBHOOK_ALLOW_HOSTS.*development only/);
  });
});

describe("subscribing", () => {
  let gig: GigApp;
  beforeAll(async () => {
    gig = await testApp("webhook-targets-subscribe");
  });
  afterAll(async () => gig?.close());

  const post = async (policy: WebhookTargetPolicy, url: string) => {
    const res = await createApp({ ...gig.services, webhookTargets: policy }).request("/v1/webhooks", {
      method: "POST",
      headers: { ...gig.as.siming, "content-type": "application/json" },
      body: JSON.stringify({ url }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  it.each([
    "https://169.254.169.254/latest/meta-data/",
    "https://[::ffff:127.0.0.1]/",
    "https://0.0.0.0/",
    "https://localhost./",
    "https://10.1.2.3/",
    "https://metadata.google.internal/",
    "https://rebind.gig.example.cn/",
  ])("refuses %s in production: 422 at url", async (url) => {
    const res = await post(production, url);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: "url", in: "body", message: NOT_PUBLIC }]);
  });

  it("refuses loopback in development unless allow-listed, then accepts it", async () => {
    const url = "http://127.0.0.1:9/hook";
    expect((await post(development, url)).status).toBe(422);
    expect((await post({ ...development, allowHosts: ["127.0.0.1"] }, url)).status).toBe(201);
  });

  it("accepts https to a public name in production", async () => {
    expect((await post(production, "https://hooks.gig.example.cn/pes")).status).toBe(201);
  });
});

describe("delivering", () => {
  let gig: GigApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const logged: string[] = [];
  const logger: Logger = {
    info: (msg, fields) => logged.push(JSON.stringify({ msg, ...fields })),
    warn: (msg, fields) => logged.push(JSON.stringify({ msg, ...fields })),
    error: (msg, fields) => logged.push(JSON.stringify({ msg, ...fields })),
  };
  let port: number;
  /** What the receiver's name resolves to now, and how often it was asked. */
  const dns = { address: "93.184.215.14", asked: 0 };
  const policy: WebhookTargetPolicy = {
    production: false,
    allowHosts: ["receiver.gig.test"],
    resolve: async (host) => {
      if (host === "receiver.gig.test" || host === "rebind.gig.example.cn") {
        dns.asked++;
        return [{ address: host === "receiver.gig.test" ? "127.0.0.1" : dns.address, family: 4 }];
      }
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    },
  };
  let dispatcher: WebhookDispatcher;

  beforeAll(async () => {
    gig = await testApp("webhook-targets-deliver");
    receiver = await startReceiver();
    port = Number(new URL(receiver.url("/")).port);
    dispatcher = new WebhookDispatcher({
      db: gig.db.db,
      cipher: gig.services.cipher,
      backoff: { baseMs: 20, maxAttempts: 2 },
      targets: policy,
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
  /** What createWebhook runs with for the Siming market (only its id is read). */
  const siming = () => ({
    db: gig.db.db,
    cipher: gig.services.cipher,
    market: { id: gig.ids.siming } as Market,
  });
  const notice = () =>
    gig.db.db.transaction((tx) =>
      flowbackHandler(gig.services.cipher, flowbackReceipts(gig.services.trust))(tx, {
        topic: topicOf(gig.ids.siming),
        data: workNeeded(gig.ids.siming, chen),
        definition: { name: "work-needed-notice" },
      } as never),
    );
  const settled = (hookId: string, status: string): Promise<Json> =>
    waitFor(
      async () => {
        const [d] = (await gig.get(`/v1/webhooks/${hookId}/deliveries`)).body.items;
        return d?.status === status ? d : undefined;
      },
      { what: `the delivery ${status}` },
    );

  it("connects to the address it checked, with the host name in the Host header", async () => {
    const hook = await createWebhook(siming(), {
      url: `http://receiver.gig.test:${port}/ok/pinned`,
    });
    const askedBefore = dns.asked;
    await notice();
    const delivery = await settled(hook.row.id, "delivered");
    expect(delivery.attempts).toMatchObject([{ statusCode: 200, error: null }]);
    // The name exists only in this test's resolver: the connection used the vetted address.
    const [got] = receiver.of("/ok/pinned");
    expect(got!.headers.host).toBe(`receiver.gig.test:${port}`);
    expect(dns.asked - askedBefore).toBe(1);
    await gig.del(`/v1/webhooks/${hook.row.id}`);
  });

  it("refuses at delivery a name that resolves to loopback now (DNS rebinding): no request, no status code", async () => {
    // Subscribed while the name resolved to a public address…
    dns.address = "93.184.215.14";
    const res = await createApp({ ...gig.services, webhookTargets: policy }).request("/v1/webhooks", {
      method: "POST",
      headers: { ...gig.as.siming, "content-type": "application/json" },
      body: JSON.stringify({ url: `https://rebind.gig.example.cn:${port}/ok/rebound` }),
    });
    expect(res.status).toBe(201);
    const hook = (await res.json()) as Json;
    // …then rebound to this machine, where the receiver listens.
    dns.address = "127.0.0.1";
    await notice();
    const failed = await settled(hook.id, "failed");
    expect(failed.attempts.map((a: Json) => [a.statusCode, a.error])).toEqual([
      [null, REFUSED_TARGET],
      [null, REFUSED_TARGET],
    ]);
    expect(receiver.of("/ok/rebound")).toEqual([]);
    await gig.del(`/v1/webhooks/${hook.id}`);
  });

  it("does not reveal what answers on a refused target: a stored URL to a local port is not dialled", async () => {
    // As if subscribed under an allow-list since removed, or before these checks: the receiver's port
    // here stands for the hub's or a city node's own. Both an open and a closed port read the same.
    const open = await createWebhook(siming(), {
      url: `http://127.0.0.1:${port}/down/scan`,
    });
    const closed = await createWebhook(siming(), {
      url: "http://127.0.0.1:9/scan",
    });
    await notice();
    for (const hook of [open, closed]) {
      const failed = await settled(hook.row.id, "failed");
      expect(failed.attempts.map((a: Json) => [a.statusCode, a.error])).toEqual([
        [null, REFUSED_TARGET],
        [null, REFUSED_TARGET],
      ]);
      await gig.del(`/v1/webhooks/${hook.row.id}`);
    }
    expect(receiver.of("/down/scan")).toEqual([]);
    expect(logged.join("\n")).not.toMatch(/"statusCode":503|ECONNREFUSED/);
  });

  it("does not follow a redirect", async () => {
    const hook = await createWebhook(siming(), {
      url: `http://receiver.gig.test:${port}/redirect/away`,
    });
    await notice();
    const failed = await settled(hook.row.id, "failed");
    expect(failed.attempts.map((a: Json) => [a.statusCode, a.error])).toEqual([
      [302, "HTTP 302"],
      [302, "HTTP 302"],
    ]);
    expect(receiver.of("/ok/after-redirect")).toEqual([]);
    await gig.del(`/v1/webhooks/${hook.row.id}`);
  });
});
