import { randomUUID } from "node:crypto";
import { topics } from "@pes/schemas";
import { createKafka, rowsOf } from "@pes/sync";
import { parseMetrics, startGroupAtEnd, TEST_BROKERS, waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import type { App } from "../src/context.js";
import { startStreams } from "../src/streams/runtime.js";
import { application, idNumber, type TestNode, testApp } from "./support/index.js";

// GET /metrics at a city node, after real traffic: a registration over HTTP, published through the
// relay to Kafka, and the flow-back consumer's group on the broker.

let node: TestNode;
let app: App;
let streams: Awaited<ReturnType<typeof startStreams>>;
const groupId = `metrics-city-node-350200-${randomUUID()}`;

beforeAll(async () => {
  node = await testApp("metrics");
  // Only this run's flow-back: the shared topic keeps earlier runs' records.
  const admin = createKafka({ brokers: TEST_BROKERS, clientId: "city-metrics-admin" }).admin();
  await admin.connect();
  await startGroupAtEnd(admin, groupId, [topics.flowbackCity("350200")]).finally(() => admin.disconnect());
  streams = await startStreams(
    { cityCode: "350200", kafkaBrokers: TEST_BROKERS },
    node.db,
    node.services,
    () => {},
    {
      groupId,
    },
  );
  app = createApp({ ...node.services, streams });
});

afterAll(async () => {
  await streams?.close();
  await node?.close();
});

const byTopic = (a: { topic?: string; type?: string }, b: { topic?: string; type?: string }) =>
  `${a.topic} ${a.type}`.localeCompare(`${b.topic} ${b.type}`);
const scrape = (headers: Record<string, string>) => app.request("/metrics", { headers });

describe("GET /metrics at a city node", () => {
  it("answers 401 without a token, 403 to a clerk: the figures are the whole city's", async () => {
    const none = await scrape({});
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toContain("application/problem+json");
    expect((await scrape({ authorization: "Bearer pes_gm_not-staff" })).status).toBe(401);
    expect((await scrape(node.staff.simingClerk.headers)).status).toBe(403);
  });

  it("counts the registration by its route template, and its record as the relay published it", async () => {
    const id = idNumber();
    const res = await app.request("/v1/unemployment-registrations", {
      method: "POST",
      headers: { ...node.staff.simingClerk.headers, "content-type": "application/json" },
      body: JSON.stringify(application(id)),
    });
    expect(res.status).toBe(201);
    await waitFor(
      async () =>
        rowsOf(await node.db.db.execute(sql`select 1 from pes_outbox where published_at is null`)).length ===
        0,
      { what: "the outbox to be published" },
    );

    const scraped = await scrape(node.staff.admin.headers);
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    const metrics = parseMetrics(text);
    const post = { method: "POST", route: "/v1/unemployment-registrations", status: "201" };
    expect(metrics.value("pes_http_requests_total", post)).toBe(1);
    expect(metrics.value("pes_http_request_duration_seconds_count", post)).toBe(1);
    // Each record the outbox published, counted by its topic and type.
    const outbox = rowsOf<{ topic: string; type: string; n: number }>(
      await node.db.db.execute(
        sql`select topic, headers->>'ce_type' as type, count(*)::int as n from pes_outbox group by 1, 2`,
      ),
    );
    expect(outbox.length).toBeGreaterThan(0);
    const produced = metrics.find("pes_kafka_records_produced_total", { source: "/city/350200" });
    expect(
      produced.map((s) => ({ topic: s.labels.topic, type: s.labels.type, n: s.value })).sort(byTopic),
    ).toEqual(outbox.sort(byTopic));
    expect(metrics.value("pes_outbox_pending_rows")).toBe(0);
    // The flow-back group's lag, per partition of its topic, read to its end.
    const lag = metrics.find("pes_kafka_consumer_lag", {
      group: groupId,
      topic: topics.flowbackCity("350200"),
    });
    expect(lag.length).toBeGreaterThan(0);
    expect(lag.every((l) => l.value === 0)).toBe(true);
    // Never the person: not the ID number, not the name.
    expect(text).not.toContain(id);
    expect(text).not.toContain("陈明");
  });
});
