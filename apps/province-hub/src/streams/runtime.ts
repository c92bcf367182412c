import { topics } from "@pes/schemas";
import { type PiiCipher, type RecordConsumer, type StreamsSpec, startStreams, type Trust } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import type { Config } from "../env.js";
import { provinceTrust } from "../trust.js";
import { gigMarketsExtension } from "../use-cases/flowback/markets.js";
import { needsFlowbackExtension } from "../use-cases/flowback/needs.js";
import { indicatorExtension } from "../use-cases/indicators/store.js";
import { ingestBatchHandler } from "../use-cases/ingest/handler.js";
import type { IngestExtension } from "../use-cases/ingest/types.js";
import { reportingExtension } from "../use-cases/monitoring/index.js";
import { takeReceipts } from "../use-cases/receipts/ingest.js";
import { riskWarningExtension } from "../use-cases/warnings/extension.js";
import { layoffWarningExtension } from "../use-cases/warnings/layoffs.js";
import { deadLetterIndexer } from "./dead-letter-indexer.js";
import type { HubStreams } from "./types.js";

/**
 * Every city's person and master topics, and every gig market's events: by pattern, so a city or
 * market enrolled while the hub runs is read too (the streams re-check the topics every topicRefreshMs).
 */
export const INGEST_TOPICS = [/^pes\.city\.\d{6}\.(person|master)$/, /^pes\.gig\.[a-z0-9-]+\.events$/];

/** Every city's and gig market's receipts for what flowed back (docs/adr/0007): read apart from the ingest. */
export const RECEIPT_TOPICS = [/^pes\.city\.\d{6}\.receipts$/, /^pes\.gig\.[a-z0-9-]+\.receipts$/];

export interface IngestConfig {
  kafkaBrokers: string[];
  personKeySecret: string;
  cipher: PiiCipher;
  /** The province's keys (provinceTrust): from PES_KEYS and PES_KEY_REGISTRY unless given. */
  trust?: Trust;
  groupId?: string;
  /** Where refused records go: a test's own topic; default the catalogue's pes.dead-letters. */
  deadLetterTopic?: string;
  extensions?: IngestExtension[];
  onError?: (e: unknown) => void;
  /** How soon a city or market topic created after the start is read; default the streams' 30 s. */
  topicRefreshMs?: number;
  /** What it reads: every city's and market's topics (INGEST_TOPICS) unless a test names its own. */
  topics?: Array<string | RegExp>;
}

/** The ingest consumer that fills the provincial database; `lastSeen` learns when each source was last heard from. */
function ingestConsumer(
  config: Omit<IngestConfig, "kafkaBrokers" | "onError" | "topicRefreshMs" | "trust">,
  trust: Trust,
  lastSeen: Map<string, Date>,
): RecordConsumer {
  const handleBatch = ingestBatchHandler({
    personKeySecret: config.personKeySecret,
    cipher: config.cipher,
    sealer: trust.sealer,
    extensions: [
      async (_tx, { records }) => {
        const now = new Date();
        for (const record of records) lastSeen.set(record.source, now);
      },
      ...(config.extensions ?? []),
    ],
  });
  const groupId = config.groupId ?? "province-hub-ingest";
  return {
    groupId,
    topics: config.topics ?? INGEST_TOPICS,
    handleBatch,
    chunkSize: 500,
    ...(config.deadLetterTopic ? { deadLetterTopic: config.deadLetterTopic } : {}),
  };
}

/** The receipts consumer: in its own group, so a slow ingest never holds up what the receivers acknowledge. */
function receiptsConsumer(groupId: string, deadLetterTopic?: string): RecordConsumer {
  return {
    groupId,
    topics: RECEIPT_TOPICS,
    handleBatch: takeReceipts,
    chunkSize: 500,
    ...(deadLetterTopic ? { deadLetterTopic } : {}),
  };
}

// A gig market's flow-back topic is created when the hub first writes to it.
const relay = { ensureTopics: true };

/**
 * The hub's Kafka side: the ingest consumer that fills the provincial database, the index of the dead
 * letters, the consumer of the receipts for what flowed back, and the relay that publishes what the
 * hub sends back down. The ingest comes first: its
 * group is the one lag() reads. `trust` is the province's (provinceTrust): the consumers verify and
 * open what the cities and markets signed and sealed for it, the relay signs as /province.
 */
export function hubStreams(
  config: Pick<
    Config,
    "personKeySecret" | "consumerGroup" | "warningRule" | "layoffRule" | "rejectionNotices"
  >,
  cipher: PiiCipher,
  lastSeen: Map<string, Date>,
  trust: Trust,
): StreamsSpec {
  const ingest = ingestConsumer(
    {
      personKeySecret: config.personKeySecret,
      cipher,
      groupId: config.consumerGroup,
      // The indicator totals last: their rows are shared by every chunk (the province's), so the
      // chunk holds their locks only for the last statements before it commits.
      extensions: [
        reportingExtension,
        gigMarketsExtension,
        riskWarningExtension(config.warningRule),
        layoffWarningExtension(config.layoffRule),
        needsFlowbackExtension({ cipher, sealer: trust.sealer }),
        indicatorExtension(),
      ],
    },
    trust,
    lastSeen,
  );
  const receipts = receiptsConsumer(`${config.consumerGroup}-receipts`);
  // Dead letters are indexed as they arrive, in their own group, so browsing them is a query; what
  // the ingest and the receipts consumer refuse is entered in the evidence log as rejected, and a
  // city's record the ingest refused after the city's signature verified is told to that city.
  const deadLetters = deadLetterIndexer({
    topic: topics.deadLetters(),
    groupId: `${config.consumerGroup}-dead-letters`,
    evidenceGroups: [ingest.groupId, receipts.groupId],
    noticeGroups: config.rejectionNotices ? [ingest.groupId] : [],
  });
  return { relay, trust, consumers: [ingest, deadLetters, receipts] };
}

/** For the tests: the receipts consumer on its own streams, in `groupId`. */
export async function startReceipts(
  db: DatabaseHandle,
  config: Pick<IngestConfig, "kafkaBrokers" | "trust" | "deadLetterTopic" | "onError" | "topicRefreshMs"> & {
    groupId: string;
  },
): Promise<{ close(): Promise<void> }> {
  const streams = await startStreams({
    kafka: { brokers: config.kafkaBrokers, clientId: "province-hub-receipts" },
    db: db.db,
    trust: provinceTrust(config.trust),
    consumers: [receiptsConsumer(config.groupId, config.deadLetterTopic)],
    ...(config.onError ? { onError: config.onError } : {}),
    ...(config.topicRefreshMs ? { topicRefreshMs: config.topicRefreshMs } : {}),
  });
  return { close: () => streams.close() };
}

/** For the tests: the relay and the ingest consumer on their own, with the extensions they name. */
export async function startIngest(
  db: DatabaseHandle,
  config: IngestConfig,
): Promise<HubStreams & { close(): Promise<void> }> {
  const lastSeen = new Map<string, Date>();
  const trust = provinceTrust(config.trust);
  const streams = await startStreams({
    kafka: { brokers: config.kafkaBrokers, clientId: "province-hub" },
    db: db.db,
    relay,
    trust,
    consumers: [ingestConsumer(config, trust, lastSeen)],
    ...(config.onError ? { onError: config.onError } : {}),
    ...(config.topicRefreshMs ? { topicRefreshMs: config.topicRefreshMs } : {}),
  });
  return { ...streams, lastSeen: () => lastSeen };
}
