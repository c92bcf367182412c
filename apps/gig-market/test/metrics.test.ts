import { topics } from "@pes/schemas";
import { flowbackReceipts } from "@pes/sync";
import { parseMetrics, TEST_BROKERS, waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import type { App } from "../src/context.js";
import { flowbackHandler } from "../src/streams/flowback.js";
import { startRelay } from "../src/streams/runtime.js";
import { WebhookDispatcher } from "../src/use-cases/webhooks/dispatcher.js";
import {
  type GigApp,
  person,
  posting,
  rows,
  startReceiver,
  testApp,
  topicOf,
  workNeeded,
} from "./support/index.js";

// GET /metrics at the market, after real traffic: a request, a posting through the relay to Kafka,
// webhook deliveries to a real receiver.

let gig: GigApp;
let app: App;
let relay: Awaited<ReturnType<typeof startRelay>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let dispatcher: WebhookDispatcher;

beforeAll(async () => {
  gig = await testApp("metrics", { webhookAllowHosts: ["127.0.0.1"] });
  relay = await startRelay({ kafkaBrokers: TEST_BROKERS }, gig.services, () => {});
  // The app as the service serves it: with its running streams.
  app = createApp({ ...gig.services, streams: relay });
  receiver = await startReceiver();
  dispatcher = new WebhookDispatcher({
    db: gig.db.db,
    cipher: gig.services.cipher,
    backoff: { baseMs: 20, maxAttempts: 2 },
    targets: gig.services.webhookTargets,
    timeoutMs: 2_000,
    pollMs: 20,
    onOutcome: gig.services.webhookOutcomes,
  });
  dispatcher.start();
});

afterAll(async () => {
  await dispatcher?.stop();
  await receiver?.close();
  await relay?.close();
  await gig?.close();
});

const scrape = async (headers: Record<string, string> = gig.as.siming) => {
  const res = await app.request("/metrics", { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return parseMetrics(await res.text());
};

describe("GET /metrics at the gig market", () => {
  it("answers 401 problem+json without a market's key, or with another service's token", async () => {
    for (const headers of [{}, { authorization: "Bearer pes_ph_not-a-market" }]) {
      const res = await app.request("/metrics", { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("counts the request by its route template and the posting the relay published", async () => {
    const res = await app.request("/v1/postings", {
      method: "POST",
      headers: { ...gig.as.siming, "content-type": "application/json" },
      body: JSON.stringify(posting()),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    await waitFor(
      async () => (await rows(gig.db, sql`select 1 from pes_outbox where published_at is null`)).length === 0,
      { what: "the outbox to be published" },
    );

    const metrics = await scrape();
    expect(
      metrics.value("pes_http_requests_total", { method: "POST", route: "/v1/postings", status: "201" }),
    ).toBe(1);
    const topic = topics.gigEvents(gig.ids.siming);
    const produced = metrics.find("pes_kafka_records_produced_total", {
      topic,
      source: `/gig/${gig.ids.siming}`,
    });
    expect(produced.map((s) => [s.labels.type, s.value])).toEqual([["cn.gov.fj.pes.gig-posting.v1", 1]]);
    expect(metrics.value("pes_outbox_pending_rows")).toBe(0);
    // Nothing of the request's content in the figures: not the posting's id, not its phone.
    const text = await (await app.request("/metrics", { headers: gig.as.siming })).text();
    expect(text).not.toContain(id);
    expect(text).not.toContain(posting().contactPhone);
  });

  it("counts webhook deliveries by outcome", async () => {
    const before = await scrape();
    expect(before.value("pes_webhook_deliveries_total", { outcome: "delivered" })).toBe(0);
    for (const path of ["/ok/metrics", "/down/metrics"]) {
      const res = await app.request("/v1/webhooks", {
        method: "POST",
        headers: { ...gig.as.siming, "content-type": "application/json" },
        body: JSON.stringify({ url: receiver.url(path) }),
      });
      expect(res.status).toBe(201);
    }
    const chen = person("陈明");
    await gig.db.db.transaction((tx) =>
      flowbackHandler(gig.services.cipher, flowbackReceipts(gig.services.trust))(tx, {
        topic: topicOf(gig.ids.siming),
        data: workNeeded(gig.ids.siming, chen),
        definition: { name: "work-needed-notice" },
      } as never),
    );
    // /ok delivers at once; /down answers 503 twice: one retry, then failed (two attempts at most).
    const after = await waitFor(
      async () => {
        const m = await scrape();
        return m.value("pes_webhook_deliveries_total", { outcome: "failed" }) === 1 ? m : undefined;
      },
      { what: "the delivery to /down to fail" },
    );
    expect(after.value("pes_webhook_deliveries_total", { outcome: "delivered" })).toBe(1);
    expect(after.value("pes_webhook_deliveries_total", { outcome: "retry" })).toBe(1);
  });
});
