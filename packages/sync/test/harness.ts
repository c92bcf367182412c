import { randomBytes, randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { personKeyOf, recordByName } from "@pes/schemas";
import { sampleRecord } from "@pes/schemas/samples";
import { count, eq, sql } from "drizzle-orm";
import type { Admin, Kafka, Producer } from "kafkajs";
import { ConsumerRunner, type EventHandler } from "../src/consumer/runner.js";
import { type DatabaseHandle, migrateDatabase, openDatabase } from "../src/db/index.js";
import { rowsOf } from "../src/db/rows.js";
import { createKafka, createProducer } from "../src/kafka.js";
import { StreamMetrics } from "../src/metrics.js";
import { OutboxRelay } from "../src/outbox/relay.js";
import { type Publication, writeToOutbox } from "../src/outbox/write.js";
import { createTopicsWithLeaders } from "../src/provision.js";
import { createTestDatabase, TEST_BROKERS, testTrust } from "../src/testing/index.js";
import * as schema from "./schema.js";

export const MIGRATIONS = fileURLToPath(new URL("./migrations", import.meta.url));
export const SOURCE = "/city/350200";
/** The pipeline's producer speaks as SOURCE and seals for the province, which consumes. */
export const PRODUCER = testTrust(SOURCE);
export const CONSUMER = testTrust("/province");

export interface Pipeline {
  label: string;
  dbUrl: string;
  handle: DatabaseHandle;
  db: DatabaseHandle["db"];
  kafka: Kafka;
  admin: Admin;
  producer: Producer;
  topic: string;
  deadLetterTopic: string;
  group: string;
  metrics: StreamMetrics;
  relay(opts?: Partial<ConstructorParameters<typeof OutboxRelay>[0]>): OutboxRelay;
  consumer(opts?: Partial<ConstructorParameters<typeof ConsumerRunner>[0]>): ConsumerRunner;
  close(): Promise<void>;
}

/** A fresh database, fresh topics and a fresh consumer group on the real broker and PostgreSQL. */
export async function setupPipeline(label: string, brokers = TEST_BROKERS): Promise<Pipeline> {
  const database = await createTestDatabase(label);
  const handle = await openDatabase({ url: database.url, schema });
  await migrateDatabase(handle, MIGRATIONS);
  const kafka = createKafka({ brokers, clientId: `test-${label}` });
  const admin = kafka.admin();
  await admin.connect();
  const suffix = randomBytes(4).toString("hex");
  const topic = `pes.test.${label}.${suffix}`;
  const deadLetterTopic = `${topic}.dlq`;
  await createTopicsWithLeaders(admin, [
    { topic, numPartitions: 6, replicationFactor: 1 },
    { topic: deadLetterTopic, numPartitions: 1, replicationFactor: 1 },
  ]);
  const producer = createProducer(kafka);
  await producer.connect();
  const metrics = new StreamMetrics();
  const group = `test-${label}-${suffix}`;
  const started: Array<OutboxRelay | ConsumerRunner> = [];
  return {
    label,
    dbUrl: database.url,
    handle,
    db: handle.db,
    kafka,
    admin,
    producer,
    topic,
    deadLetterTopic,
    group,
    metrics,
    relay(opts = {}) {
      const relay = new OutboxRelay({
        db: handle.db,
        producer,
        signer: PRODUCER.ring,
        metrics,
        idleMs: 50,
        ...opts,
      });
      started.push(relay);
      return relay;
    },
    consumer(opts = {}) {
      const runner = new ConsumerRunner({
        kafka,
        db: handle.db,
        groupId: group,
        topics: [topic],
        producer,
        deadLetterTopic,
        handle: storeHandler,
        trust: CONSUMER,
        metrics,
        ...opts,
      });
      started.push(runner);
      return runner;
    },
    async close() {
      for (const s of started.reverse()) await s.stop().catch(() => {});
      await producer.disconnect();
      await admin.disconnect();
      await handle.close();
      await database.drop();
    },
  };
}

/** The consumer's handler in the tests: records every application, duplicates included. */
export const storeHandler: EventHandler = async (tx, event) => {
  const data = event.data as { person?: { key?: string }; revision?: number };
  await tx.insert(schema.received).values({
    eventId: event.attributes.id,
    type: event.definition.name,
    personKey: data.person?.key ?? null,
    seq: data.revision ?? null,
    payload: JSON.stringify(event.data),
  });
};

const TEST_SECRET = "test-person-key-secret";
const SERVICE_RECORD = recordByName("service-record")!;

/** A valid service record of person `n` with revision `seq`: the synthetic event of the fault tests. */
export function personEvent(topic: string, n: number, seq: number, receiver = "/province"): Publication {
  const data = sampleRecord("service-record");
  return {
    definition: SERVICE_RECORD,
    topic,
    source: SOURCE,
    receiver,
    data: {
      ...data,
      id: randomUUID(),
      revision: seq,
      person: { ...data.person, key: personKeyOf(`person-${n}`, TEST_SECRET) },
    },
  };
}

export async function writeEvents(p: Pipeline, events: Publication[], perTransaction = 100) {
  for (let i = 0; i < events.length; i += perTransaction) {
    await p.db.transaction((tx) => writeToOutbox(tx, events.slice(i, i + perTransaction), PRODUCER.sealer));
  }
}

export async function receivedCount(p: Pipeline): Promise<number> {
  const [row] = await p.db.select({ n: count() }).from(schema.received);
  return row?.n ?? 0;
}

/** Event ids applied more than once: must always be empty. */
export async function doubleApplied(p: Pipeline): Promise<string[]> {
  const rows = rowsOf<{ event_id: string }>(
    await p.db.execute(sql`select event_id from received group by event_id having count(*) > 1`),
  );
  return rows.map((r) => r.event_id);
}

export async function pendingOutbox(p: Pipeline): Promise<number> {
  const [row] = await p.db
    .select({ n: count() })
    .from(schema.outbox)
    .where(sql`${schema.outbox.publishedAt} is null`);
  return row?.n ?? 0;
}

export async function seqsOf(p: Pipeline, personKey: string): Promise<number[]> {
  const rows = await p.db
    .select({ seq: schema.received.seq })
    .from(schema.received)
    .where(eq(schema.received.personKey, personKey))
    .orderBy(schema.received.id);
  return rows.map((r) => r.seq ?? -1);
}
