// @hono/zod-openapi extends zod before @pes/schemas (loaded by @pes/sync) builds its schemas.
import "@hono/zod-openapi";
import { randomUUID } from "node:crypto";
import { topics } from "@pes/schemas";
import { createKafka, createProducer, createTopicsWithLeaders, provisionTopics } from "@pes/sync";
import { parseMetrics, startGroupAtEnd, TEST_BROKERS, waitFor } from "@pes/sync/testing";
import type { Admin, Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import type { App } from "../../src/context.js";
import type { MonitoredStreams } from "../../src/routes/streams/running.js";
import { startIngest } from "../../src/streams/runtime.js";
import {
  cipher,
  person,
  published,
  SECRET,
  TEST_TRUST,
  type TestHub,
  testApp,
  unemployment,
} from "../support/index.js";

// GET /metrics at the hub after real traffic: records through Kafka into its ingest (applied, and one
// dead-lettered), an HTTP request; and the console's live figures, read from the same counters, agree.

const suffix = randomUUID().slice(0, 8);
// 莆田 (350300): no other test publishes on its person topic; the group starts at its end.
const topic = topics.cityPerson("350300");
const deadLetterTopic = `pes.test.hub-metrics.${suffix}.dlq`;
const group = `hub-test-metrics-${suffix}`;
// The version the contract publishes now.
const TYPE = "cn.gov.fj.pes.unemployment-registration.v2";
let hub: TestHub;
let app: App;
let admin: Admin;
let producer: Producer;
let ingest: Awaited<ReturnType<typeof startIngest>>;
let partitions: string[];

beforeAll(async () => {
  const kafka = createKafka({ brokers: TEST_BROKERS, clientId: "hub-test-metrics" });
  admin = kafka.admin();
  producer = createProducer(kafka);
  await Promise.all([admin.connect(), producer.connect()]);
  await provisionTopics(admin, { cities: ["350300"], markets: [] });
  await createTopicsWithLeaders(admin, [{ topic: deadLetterTopic, numPartitions: 1, replicationFactor: 1 }]);
  await startGroupAtEnd(admin, group, [topic]);
  partitions = (await admin.fetchTopicOffsets(topic)).map((p) => String(p.partition)).sort();
  hub = await testApp("metrics");
  // The ingest of 莆田's topic alone: other runs on the shared broker add nothing to its counts.
  ingest = await startIngest(hub.db, {
    kafkaBrokers: TEST_BROKERS,
    personKeySecret: SECRET,
    cipher,
    trust: TEST_TRUST,
    groupId: group,
    deadLetterTopic,
    topics: [topic],
  });
  const streams: MonitoredStreams = { ...ingest, deadLetterTopic };
  app = createApp({ ...hub.services, streams });
});

afterAll(async () => {
  await ingest?.close();
  await hub?.close();
  await admin?.deleteTopics({ topics: [deadLetterTopic] }).catch(() => undefined);
  await Promise.all([producer?.disconnect(), admin?.disconnect()]);
});

const scrape = async () => {
  const res = await app.request("/metrics", { headers: hub.as.viewer });
  expect(res.status).toBe(200);
  return { text: await res.clone().text(), metrics: parseMetrics(await res.text()) };
};

describe("GET /metrics at the hub", () => {
  it("answers 401 without an operator token, 403 to a gateway", async () => {
    const none = await app.request("/metrics");
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toContain("application/problem+json");
    expect((await app.request("/metrics", { headers: { authorization: "Bearer pes_cn_no" } })).status).toBe(
      401,
    );
    expect((await app.request("/metrics", { headers: hub.as.gateway })).status).toBe(403);
  });

  it("counts what the ingest consumed, applied and dead-lettered by topic, type and source, and each partition's lag", async () => {
    const people = [person(), person()];
    const records = published(people.map((who, i) => unemployment("350300", who, `2025-03-0${i + 3}`)));
    await producer.send({
      topic,
      acks: -1,
      messages: [...records, { key: "not-a-record", value: "{}" }],
    });
    const { metrics, text } = await waitFor(
      async () => {
        const s = await scrape();
        const lag = s.metrics.find("pes_kafka_consumer_lag", { group, topic });
        const done =
          s.metrics.value("pes_records_applied_total", { topic, type: TYPE, source: "/city/350300" }) === 2 &&
          s.metrics.value("pes_kafka_records_dead_lettered_total", {
            topic,
            type: "unknown",
            source: "unknown",
          }) === 1 &&
          lag.length === partitions.length &&
          lag.every((l) => l.value === 0);
        return done ? s : undefined;
      },
      { what: "both records applied, one dead-lettered, the group at the end" },
    );
    expect(
      metrics.value("pes_kafka_records_consumed_total", { topic, type: TYPE, source: "/city/350300" }),
    ).toBe(2);
    expect(
      metrics
        .find("pes_kafka_consumer_lag", { group, topic })
        .map((l) => l.labels.partition)
        .sort(),
    ).toEqual(partitions);
    // The request that asked, by its route; never a person's data in the page.
    expect(
      metrics.value("pes_http_requests_total", { method: "GET", route: "/metrics", status: "200" }),
    ).toBeGreaterThan(0);
    for (const who of people) {
      expect(text).not.toContain(who.idNumber);
      expect(text).not.toContain(who.key);
    }
  });

  it("agrees with the console's figures: the live snapshot's totals and the lag route read the same source", async () => {
    const left = new AbortController();
    const res = await app.request("/v1/streams/live", { headers: hub.as.viewer, signal: left.signal });
    const reader = res.body!.getReader();
    let event = "";
    while (!event.includes("\n\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      event += new TextDecoder().decode(value);
    }
    left.abort();
    await reader.cancel();
    const live = JSON.parse(/^data: (.*)$/m.exec(event)![1]!) as {
      items: Array<{ topic: string; type: string; source: string; total: Record<string, number> }>;
    };
    const { metrics } = await scrape();
    const rows = live.items.filter((r) => r.topic === topic);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const labels = { topic: row.topic, type: row.type, source: row.source };
      expect(row.total.consumed).toBe(metrics.value("pes_kafka_records_consumed_total", labels) ?? 0);
      expect(row.total.produced).toBe(metrics.value("pes_kafka_records_produced_total", labels) ?? 0);
      expect(row.total.deadLettered).toBe(
        metrics.value("pes_kafka_records_dead_lettered_total", labels) ?? 0,
      );
    }
    expect(rows.find((r) => r.source === "unknown")?.total.deadLettered).toBe(1);

    const lag = await app.request("/v1/streams/lag", { headers: hub.as.viewer });
    const items = ((await lag.json()) as { items: Array<{ topic: string; partition: number; lag: number }> })
      .items;
    for (const p of items)
      expect(p.lag).toBe(
        metrics.value("pes_kafka_consumer_lag", { group, topic: p.topic, partition: String(p.partition) }),
      );
    expect(items.filter((p) => p.topic === topic)).toHaveLength(partitions.length);
  });
});
