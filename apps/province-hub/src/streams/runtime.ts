import { topics } from "@pes/schemas";
import {
  ConsumerRunner,
  consumerLag,
  createKafka,
  createProducer,
  OutboxRelay,
  type PiiCipher,
  StreamMetrics,
  topicEnsurer,
} from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import { ingestBatchHandler } from "../use-cases/ingest/handler.js";
import type { IngestExtension } from "../use-cases/ingest/types.js";
import type { HubStreams } from "./types.js";

/** Every city's person and master topics, and the gig markets' events. */
export const INGEST_TOPICS = [/^pes\.city\.\d{6}\.(person|master)$/, topics.gigEvents()];

export interface IngestConfig {
  kafkaBrokers: string[];
  personKeySecret: string;
  cipher: PiiCipher;
  groupId?: string;
  extensions?: IngestExtension[];
  onError?: (e: unknown) => void;
}

/**
 * The hub's Kafka side: the ingest consumer that fills the provincial database, and the relay that
 * publishes what the hub sends back down. Returned as the HubStreams the monitoring routes read.
 */
export async function startIngest(
  db: DatabaseHandle,
  config: IngestConfig,
): Promise<HubStreams & { stop(): Promise<void> }> {
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: "province-hub" });
  const producer = createProducer(kafka);
  const admin = kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);
  const metrics = new StreamMetrics();
  const lastSeen = new Map<string, Date>();
  const groupId = config.groupId ?? "province-hub-ingest";
  const handleBatch = ingestBatchHandler({
    personKeySecret: config.personKeySecret,
    cipher: config.cipher,
    extensions: [
      async (_tx, { records }) => {
        const now = new Date();
        for (const record of records) lastSeen.set(record.source, now);
      },
      ...(config.extensions ?? []),
    ],
  });
  const relay = new OutboxRelay({
    db: db.db,
    producer,
    metrics,
    // A gig market's flow-back topic is created when the hub first writes to it.
    ensureTopics: topicEnsurer(admin),
    ...(config.onError ? { onError: config.onError } : {}),
  });
  relay.start();
  const consumer = new ConsumerRunner({
    kafka,
    db: db.db,
    producer,
    metrics,
    groupId,
    topics: INGEST_TOPICS,
    handleBatch,
    chunkSize: 500,
    ...(config.onError ? { onError: config.onError } : {}),
  });
  await consumer.start();
  return {
    metrics,
    producer,
    admin,
    lastSeen: () => lastSeen,
    async lag() {
      const subscribed = (await admin.listTopics()).filter((t) =>
        INGEST_TOPICS.some((p) => (typeof p === "string" ? p === t : p.test(t))),
      );
      return consumerLag(admin, groupId, subscribed);
    },
    async stop() {
      await consumer.stop();
      await relay.stop();
      await Promise.all([producer.disconnect(), admin.disconnect()]);
    },
  };
}
