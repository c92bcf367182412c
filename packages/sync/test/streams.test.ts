import { randomBytes } from "node:crypto";
import type { Admin, KafkaMessage } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, serviceDatabase } from "../src/db/index.js";
import { createKafka } from "../src/kafka.js";
import { writeToOutbox } from "../src/outbox/write.js";
import { createTopicsWithLeaders } from "../src/provision.js";
import { type OwnConsumer, type Streams, startStreams } from "../src/streams.js";
import { createTestDatabase, parseMetrics, TEST_BROKERS, waitFor } from "../src/testing/index.js";
import { PRODUCER, personEvent, SOURCE, storeHandler } from "./harness.js";
import * as schema from "./schema.js";

const database = serviceDatabase(schema, new URL("./migrations", import.meta.url));
const suffix = randomBytes(4).toString("hex");
const topic = `pes.test.streams.${suffix}`;
const deadLetterTopic = `${topic}.dlq`;
const recordGroup = `test-streams-records-${suffix}`;
const ownGroup = `test-streams-own-${suffix}`;

let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let handle: DatabaseHandle;
let admin: Admin;

/** The state the broker gives a group: "Stable" while members are in it, "Empty" once they left. */
async function groupState(groupId: string): Promise<string> {
  const { groups } = await admin.describeGroups([groupId]);
  return groups[0]?.state ?? "Dead";
}

const received = async () => (await handle.db.select().from(schema.received)).length;

/**
 * A consumer of its own (a plain kafkajs consumer on the streams' client): what it reads, and whether
 * the producer still sent when it was stopped, i.e. the streams closed it before disconnecting.
 */
function ownConsumer() {
  const seen: KafkaMessage[] = [];
  const state = { sentWhileStopping: false };
  const spec: OwnConsumer = {
    groupId: ownGroup,
    async start(ctx) {
      const consumer = ctx.kafka.consumer({ groupId: ownGroup, maxWaitTimeInMs: 500 });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
      return {
        topics: () => [topic],
        async stop() {
          await consumer.disconnect();
          await ctx.producer.send({ topic: deadLetterTopic, messages: [{ value: "stopping" }] });
          state.sentWhileStopping = true;
        },
      };
    },
  };
  return { spec, seen, state };
}

beforeAll(async () => {
  testDb = await createTestDatabase("streams");
  handle = await database.open({ databaseUrl: testDb.url, dataDir: "/nonexistent" });
  admin = createKafka({ brokers: TEST_BROKERS, clientId: "test-streams-admin" }).admin();
  await admin.connect();
  await createTopicsWithLeaders(admin, [
    { topic, numPartitions: 3, replicationFactor: 1 },
    { topic: deadLetterTopic, numPartitions: 1, replicationFactor: 1 },
  ]);
});

afterAll(async () => {
  await admin?.deleteTopics({ topics: [topic, deadLetterTopic] }).catch(() => undefined);
  await admin?.disconnect();
  await handle?.close();
  await testDb?.drop();
});

describe("startStreams: one client for the relay and every consumer", () => {
  let streams: Streams | undefined;
  const own = ownConsumer();
  const errors: unknown[] = [];

  afterAll(async () => streams?.close());

  it("publishes the outbox, applies it in one group and hands it to its own consumer in another", async () => {
    streams = await startStreams({
      kafka: { brokers: TEST_BROKERS, clientId: "test-streams" },
      db: handle.db,
      trust: PRODUCER,
      relay: { idleMs: 50 },
      consumers: [
        {
          groupId: recordGroup,
          topics: [new RegExp(`^${topic.replaceAll(".", "\\.")}$`)],
          handle: storeHandler,
          deadLetterTopic,
        },
        own.spec,
      ],
      onError: (e) => errors.push(e),
    });
    const events = Array.from({ length: 12 }, (_, n) => personEvent(topic, n, 1, SOURCE));
    await handle.db.transaction((tx) => writeToOutbox(tx, events, PRODUCER.sealer));

    await waitFor(async () => (await received()) === events.length, { what: "every record applied" });
    await waitFor(() => own.seen.length === events.length, { what: "every record seen by the own consumer" });
    expect(streams.metrics.total("produced", topic)).toBe(events.length);
    await waitFor(() => streams!.metrics.total("consumed", topic) === events.length, {
      what: "the consumed counter",
    });

    // The record consumer's group by default, on the topics its pattern matches now.
    const lag = await waitFor(async () => {
      const l = await streams!.lag();
      return l.length > 0 && l.every((p) => p.lag === 0) ? l : undefined;
    });
    expect(new Set(lag.map((p) => p.topic))).toEqual(new Set([topic]));
    expect(lag.reduce((n, p) => n + p.high, 0)).toBe(events.length);
    const ownLag = await streams.lag(ownGroup);
    expect(new Set(ownLag.map((p) => p.topic))).toEqual(new Set([topic]));
    await expect(streams.lag("no-such-group")).rejects.toThrow(/no consumer of group no-such-group/);
    expect(errors).toEqual([]);
  });

  it("its registry is what /metrics shows: the counters, each group's lag and the outbox backlog", async () => {
    const s = streams!;
    const metrics = parseMetrics(await s.metrics.registry.metrics());
    const labels = { topic, type: personEvent(topic, 0, 1).definition.ceType, source: SOURCE };
    expect(metrics.types.get("pes_kafka_records_produced_total")).toBe("counter");
    expect(metrics.value("pes_kafka_records_produced_total", labels)).toBe(12);
    expect(metrics.value("pes_kafka_records_consumed_total", labels)).toBe(12);
    expect(metrics.value("pes_records_applied_total", labels)).toBe(12);
    // Every partition of each running group, read to its end.
    for (const group of [recordGroup, ownGroup]) {
      const lag = metrics.find("pes_kafka_consumer_lag", { group, topic });
      expect(lag.map((l) => l.labels.partition).sort()).toEqual(["0", "1", "2"]);
      expect(lag.every((l) => l.value === 0)).toBe(true);
    }
    expect(metrics.value("pes_outbox_pending_rows")).toBe(0);
    expect(metrics.value("pes_outbox_oldest_pending_age_seconds")).toBe(0);

    // With the relay stopped, what is written waits: the backlog and its age show it.
    await s.relay!.stop();
    await handle.db.transaction((tx) =>
      writeToOutbox(
        tx,
        [personEvent(topic, 50, 1, SOURCE), personEvent(topic, 51, 1, SOURCE)],
        PRODUCER.sealer,
      ),
    );
    const waiting = await waitFor(async () => {
      const m = parseMetrics(await s.metrics.registry.metrics());
      return m.value("pes_outbox_pending_rows") === 2 ? m : undefined;
    });
    expect(waiting.value("pes_outbox_oldest_pending_age_seconds")).toBeGreaterThan(0);
    expect(waiting.value("pes_outbox_oldest_pending_age_seconds")).toBeLessThan(60);
  });

  it("close() stops the consumers, then the relay, then disconnects", async () => {
    expect(await groupState(recordGroup)).toBe("Stable");
    await streams!.close();
    streams = undefined;
    // The own consumer's stop sent with the producer: the producer was still connected then.
    expect(own.state.sentWhileStopping).toBe(true);
    await waitFor(async () => (await groupState(recordGroup)) === "Empty", { what: "the record group left" });
    await waitFor(async () => (await groupState(ownGroup)) === "Empty", { what: "the own group left" });
  });
});

describe("startStreams: started whole or not at all", () => {
  it("closes what started when a consumer fails to start, and rejects with its error", async () => {
    const group = `${recordGroup}-partial`;
    let stopped = false;
    const failing: OwnConsumer = {
      groupId: `${ownGroup}-failing`,
      async start() {
        throw new Error("cannot start");
      },
    };
    const slow: OwnConsumer = {
      groupId: `${ownGroup}-slow`,
      async start(ctx) {
        const consumer = ctx.kafka.consumer({ groupId: `${ownGroup}-slow`, maxWaitTimeInMs: 500 });
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: true });
        await consumer.run({ eachMessage: async () => undefined });
        return {
          topics: () => [topic],
          async stop() {
            await consumer.disconnect();
            stopped = true;
          },
        };
      },
    };
    await expect(
      startStreams({
        kafka: { brokers: TEST_BROKERS, clientId: "test-streams-partial" },
        db: handle.db,
        trust: PRODUCER,
        relay: { idleMs: 50 },
        consumers: [
          { groupId: group, topics: [topic], handle: storeHandler, deadLetterTopic },
          failing,
          slow,
        ],
      }),
    ).rejects.toThrow("cannot start");
    expect(stopped).toBe(true);
    await waitFor(async () => ["Empty", "Dead"].includes(await groupState(group)), {
      what: "the started record group left",
    });
  });
});
