import { randomBytes } from "node:crypto";
import { consumerLag, createKafka, createProducer, createTopicsWithLeaders, StreamMetrics } from "@pes/sync";
import { TEST_BROKERS } from "@pes/sync/testing";
import type { MonitoredStreams } from "../../src/routes/streams/running.js";
import { testApp } from "./app.js";

/**
 * Real running streams for a test: a producer and admin on the test broker, a real StreamMetrics,
 * its own origin and dead-letter topics, and lag read for its own consumer group.
 */
export async function testStreams(label: string) {
  const suffix = randomBytes(4).toString("hex");
  const kafka = createKafka({ brokers: TEST_BROKERS, clientId: `hub-test-${label}` });
  const admin = kafka.admin();
  const producer = createProducer(kafka);
  await Promise.all([admin.connect(), producer.connect()]);
  const topic = `pes.test.hub-${label}.${suffix}`;
  const deadLetterTopic = `${topic}.dlq`;
  await createTopicsWithLeaders(admin, [
    { topic, numPartitions: 2, replicationFactor: 1 },
    { topic: deadLetterTopic, numPartitions: 2, replicationFactor: 1 },
  ]);
  const group = `hub-test-${label}-${suffix}`;
  const lastSeen = new Map<string, Date>();
  const streams: MonitoredStreams = {
    metrics: new StreamMetrics(),
    producer,
    admin,
    deadLetterTopic,
    lastSeen: () => lastSeen,
    lag: () => consumerLag(admin, group, [topic]),
  };
  return {
    kafka,
    streams,
    topic,
    deadLetterTopic,
    group,
    lastSeen,
    async close() {
      await admin.deleteTopics({ topics: [topic, deadLetterTopic] }).catch(() => undefined);
      await Promise.all([producer.disconnect(), admin.disconnect()]);
    },
  };
}

/** The test hub (testApp) with real test streams. */
export async function hubWithStreams(label: string) {
  const s = await testStreams(label);
  const hub = await testApp(label, { streams: s.streams });
  return {
    ...s,
    hub,
    async close() {
      await hub.close();
      await s.close();
    },
  };
}
