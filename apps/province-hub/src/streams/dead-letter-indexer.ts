import {
  isTransient,
  type OwnConsumer,
  type RunningConsumer,
  type StreamsContext,
  startStreams,
  type Trust,
  topicEnsurer,
} from "@pes/sync";
import type { Database } from "@pes/sync/db";
import type { KafkaMessage } from "kafkajs";
import { alignIndex, type IndexGroups, type IndexTrust, indexDeadLetters } from "./dead-letter-index.js";

/** How often rows of dead letters the topic's retention has deleted leave the index too. */
const ALIGN_EVERY_MS = 60 * 60 * 1000;

export interface DeadLetterIndexOptions {
  /** The dead-letter topic: the catalogue's in the hub, a test's own in the tests. */
  topic: string;
  /** Its own group, so the indexer's progress is apart from the ingest's. */
  groupId: string;
  /** The consumer groups whose refusals the hub enters in its evidence log as rejected: its ingest's. */
  evidenceGroups?: readonly string[];
  /**
   * The consumer groups whose refusals of a city's record the hub tells that city of, a
   * record-rejection-notice on its flow-back: its ingest's (use-cases/flowback/rejections.ts).
   */
  noticeGroups?: readonly string[];
}

/**
 * Indexes every dead letter on `topic` into hub_dead_letters as it arrives, a batch per statement,
 * so GET /v1/dead-letters is a query instead of a read of the whole topic. A consumer of the hub's
 * streams, on their client and admin.
 *
 * The index itself says where it ends: at start the consumer seeks each partition to just after the
 * last row indexed, from the topic's beginning when there is none. A database made anew (an embedded
 * one deleted) is so filled again from the topic, whatever offsets the group committed before; the
 * offsets it commits after each batch show its lag like any group's. A value sealed for the hub is
 * opened with the streams' trust to summarise its shape (summaryOf).
 */
export function deadLetterIndexer({
  topic,
  groupId,
  evidenceGroups = [],
  noticeGroups = [],
}: DeadLetterIndexOptions): OwnConsumer {
  const groups = { evidence: evidenceGroups, notices: noticeGroups };
  return { groupId, start: (ctx) => startIndexing(ctx, topic, groupId, groups) };
}

async function startIndexing(
  { kafka, admin, db, trust, onError }: StreamsContext,
  topic: string,
  groupId: string,
  groups: IndexGroups,
): Promise<RunningConsumer> {
  const consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
    // stop() waits for an idle fetch; short, as the ingest's, to stop well within the shutdown grace.
    maxWaitTimeInMs: 1_000,
    retry: { retries: 10, initialRetryTime: 300 },
    // Smaller fetches than kafkajs' 1 MB a partition, 10 MB in all: reading a long backlog (the whole
    // topic, at first) then decodes and indexes it in slices that never hold the event loop for long.
    maxBytesPerPartition: 256 * 1024,
    maxBytes: 1024 * 1024,
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => onError(payload.error));
  const topicEnds = async () =>
    (await admin.fetchTopicOffsets(topic)).map(({ partition, low, high }) => ({ partition, low, high }));
  let timer: NodeJS.Timeout | undefined;
  try {
    // The catalogue's dead-letter topic on a broker nobody provisioned; a test's topic exists already.
    await topicEnsurer(admin)([topic]);
    const starts = await alignIndex(db, topic, topicEnds);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (batch.messages.length === 0 || !isRunning() || isStale()) return;
        await indexBatch(db, trust, topic, batch.partition, batch.messages, onError, groups);
        const last = batch.messages[batch.messages.length - 1]!.offset;
        await consumer.commitOffsets([
          { topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
        ]);
        resolveOffset(last);
        await heartbeat();
      },
    });
    // Applied as each partition is assigned to this member.
    for (const { partition, offset } of starts) consumer.seek({ topic, partition, offset });
    timer = setInterval(() => void alignIndex(db, topic, topicEnds).catch(onError), ALIGN_EVERY_MS);
    timer.unref();
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw error;
  }
  return {
    topics: () => [topic],
    async stop() {
      clearInterval(timer);
      await consumer.disconnect();
    },
  };
}

export interface DeadLetterIndexerOptions extends DeadLetterIndexOptions {
  brokers: string[];
  db: Database;
  /** The hub's trust: the streams' (a consumer's), and what opens a dead letter sealed for the hub. */
  trust: Trust;
  onError?: (error: unknown) => void;
}

export interface DeadLetterIndexer {
  stop(): Promise<void>;
}

/** The indexer on streams of its own, for the tests and the bench. */
export async function startDeadLetterIndexer(opts: DeadLetterIndexerOptions): Promise<DeadLetterIndexer> {
  const streams = await startStreams({
    kafka: { brokers: opts.brokers, clientId: "province-hub-dead-letter-index" },
    db: opts.db,
    trust: opts.trust,
    consumers: [deadLetterIndexer(opts)],
    ...(opts.onError ? { onError: opts.onError } : {}),
  });
  return { stop: () => streams.close() };
}

/**
 * Indexes a batch in one statement. A transient failure (the database away) throws: kafkajs retries
 * the batch and nothing is committed past it. Any other failure is a letter the index cannot hold,
 * which must not stop the index for good: the letters go in one by one, and one that still fails is
 * reported and left out (it stays on the topic, and a replay by its offset still finds it).
 */
export async function indexBatch(
  db: Database,
  trust: IndexTrust,
  topic: string,
  partition: number,
  messages: KafkaMessage[],
  onError: (error: unknown) => void,
  groups: IndexGroups = {},
): Promise<void> {
  try {
    return await indexDeadLetters(db, trust, topic, partition, messages, groups);
  } catch (error) {
    if (isTransient(error)) throw error;
  }
  for (const message of messages) {
    try {
      await indexDeadLetters(db, trust, topic, partition, [message], groups);
    } catch (error) {
      if (isTransient(error)) throw error;
      const code = (error as { cause?: { code?: string } }).cause?.code ?? "unknown";
      onError(
        new Error(
          `dead letter ${topic} ${partition}/${message.offset} left out of the index (SQLSTATE ${code})`,
        ),
      );
    }
  }
}
