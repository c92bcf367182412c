import type { Admin, Kafka, Producer } from "kafkajs";
import { type ConsumerOptions, ConsumerRunner } from "./consumer/runner.js";
import type { Database } from "./db/index.js";
import { createKafka, createProducer, type KafkaOptions } from "./kafka.js";
import { consumerLag, type PartitionLag } from "./lag.js";
import { StreamMetrics } from "./metrics.js";
import { OutboxRelay, type RelayOptions } from "./outbox/relay.js";
import { PatternWatch } from "./pattern-watch.js";
import { topicEnsurer } from "./provision.js";
import { cachedLag, registerLagGauge, registerOutboxGauges } from "./stream-gauges.js";
import type { Trust } from "./trust/index.js";

/** What the streams share with each consumer: one client, one connected producer and admin, the counters. */
export interface StreamsContext {
  kafka: Kafka;
  producer: Producer;
  admin: Admin;
  db: Database;
  metrics: StreamMetrics;
  /** This party's keys and everyone's public keys: what it signs, seals, verifies and opens with. */
  trust: Trust;
  onError: (error: unknown) => void;
}

/** Records read through the contract and applied once through the inbox: a ConsumerRunner on the streams' client. */
export type RecordConsumer = Omit<
  ConsumerOptions,
  "kafka" | "db" | "producer" | "metrics" | "onError" | "trust"
> & {
  /**
   * For a consumer subscribed by RegExp: how often it looks for a new matching topic (kafkajs resolves
   * a pattern only when the consumer starts; PatternWatch); the streams' topicRefreshMs by default.
   */
  topicRefreshMs?: number;
};

/** How often a pattern consumer looks for a new matching topic by default: a city or market enrolled while it runs. */
export const DEFAULT_TOPIC_REFRESH_MS = 30_000;

/**
 * A consumer that reads its own way, on the streams' client, producer and admin: the hub's dead-letter
 * index (a plain kafkajs consumer that seeks), the gig market's flow-back (re-subscribes as markets come).
 */
export interface OwnConsumer {
  groupId: string;
  start(ctx: StreamsContext): Promise<RunningConsumer>;
}

export interface RunningConsumer {
  /** The topics it reads now, for its lag. */
  topics(): readonly string[] | Promise<readonly string[]>;
  /** Finishes what it has in hand, commits it and leaves the group. */
  stop(): Promise<void>;
}

export type StreamsConsumer = RecordConsumer | OwnConsumer;

/** The outbox relay's options; its database, producer, counters and error report are the streams'. */
export interface StreamsRelay
  extends Omit<
    RelayOptions,
    "db" | "producer" | "renewProducer" | "metrics" | "onError" | "ensureTopics" | "signer"
  > {
  /** Creates a topic a batch needs when it does not exist yet (topicEnsurer on the streams' admin). */
  ensureTopics?: boolean;
}

/** What a service's Kafka side is made of; the process fills in the client, database and error report. */
export interface StreamsSpec {
  /** Publishes the outbox; absent → no relay (a process that only consumes). */
  relay?: StreamsRelay;
  /** The party's keys and everyone's public keys: the relay signs with them, the consumers verify and open. */
  trust: Trust;
  /** Each in its own group; the first one's group is the one lag() reads by default. */
  consumers?: StreamsConsumer[];
}

export interface StreamsOptions extends StreamsSpec {
  kafka: Pick<KafkaOptions, "brokers" | "clientId">;
  db: Database;
  /** A retry, a failed relay batch, a crashed consumer: reported, never thrown. */
  onError?: (error: unknown) => void;
  /** Every RecordConsumer's topicRefreshMs unless it sets its own; default DEFAULT_TOPIC_REFRESH_MS. */
  topicRefreshMs?: number;
  /** How long one answer of the broker about a group's lag serves (lag() and /metrics); default LAG_CACHE_MS. */
  lagCacheMs?: number;
}

/** A service's running Kafka side, closed once. */
export interface Streams {
  /**
   * Produced, consumed, dead-lettered and applied counts per topic, record type and source, since
   * start; its registry also holds each running group's lag and the outbox backlog, for /metrics.
   */
  metrics: StreamMetrics;
  /** Connected: for dead letters, replays, reading topics. */
  producer: Producer;
  admin: Admin;
  relay: OutboxRelay | undefined;
  /**
   * A consumer group's lag per partition of every topic it reads now; default the first consumer's
   * group. An answer of the broker serves a couple of seconds (lagCacheMs), /metrics's scrapes too.
   */
  lag(groupId?: string): Promise<PartitionLag[]>;
  /** Stops the consumers (all at once), then the relay, then disconnects the producers and admin. */
  close(): Promise<void>;
}

const isOwn = (consumer: StreamsConsumer): consumer is OwnConsumer => "start" in consumer;

/** The topics of the broker that `patterns` name: a consumer subscribed by pattern reads those. */
async function topicsMatching(admin: Admin, patterns: ReadonlyArray<string | RegExp>): Promise<string[]> {
  if (patterns.every((p) => typeof p === "string")) return [...(patterns as string[])];
  return (await admin.listTopics()).filter((t) =>
    patterns.some((p) => (typeof p === "string" ? p === t : p.test(t))),
  );
}

async function startConsumer(
  spec: StreamsConsumer,
  ctx: StreamsContext,
  topicRefreshMs: number,
): Promise<RunningConsumer> {
  if (isOwn(spec)) return spec.start(ctx);
  const { kafka, db, producer, metrics, trust, onError } = ctx;
  const { topicRefreshMs: refreshMs = topicRefreshMs, ...options } = spec;
  const consumer = () => new ConsumerRunner({ ...options, kafka, db, producer, metrics, trust, onError });
  const matching = () => topicsMatching(ctx.admin, spec.topics);
  if (spec.topics.some((t) => t instanceof RegExp))
    return new PatternWatch({ matching, consumer, refreshMs, onError }).start();
  const runner = consumer();
  await runner.start();
  return { topics: matching, stop: () => runner.stop() };
}

/**
 * A service's Kafka side on one client: one idempotent producer and one admin, the outbox relay (with
 * an idempotent producer of its own, renewed after a failed send) and every consumer. Started whole or
 * not at all: what started before a failure is closed again.
 */
export async function startStreams(opts: StreamsOptions): Promise<Streams> {
  const kafka = createKafka(opts.kafka);
  const producer = createProducer(kafka);
  const admin = kafka.admin();
  const metrics = new StreamMetrics();
  const onError = opts.onError ?? (() => undefined);
  const ctx: StreamsContext = { kafka, producer, admin, db: opts.db, metrics, trust: opts.trust, onError };
  const specs = opts.consumers ?? [];
  let running: Array<RunningConsumer | undefined> = [];
  let relay: OutboxRelay | undefined;
  // The relay's own producer, renewed after a failed send (RelayOptions.renewProducer).
  let relayProducer: Producer | undefined;
  const renewRelayProducer = async (failed?: Producer) => {
    await failed?.disconnect().catch(() => undefined);
    const fresh = createProducer(kafka);
    await fresh.connect();
    relayProducer = fresh;
    return fresh;
  };

  const close = async () => {
    // At once: one group after the other could outlast the shutdown grace.
    await Promise.all(running.map((consumer) => consumer?.stop()));
    await relay?.stop();
    await Promise.all([producer.disconnect(), admin.disconnect(), relayProducer?.disconnect()]);
  };

  try {
    await Promise.all([producer.connect(), admin.connect()]);
    if (opts.relay) {
      const { ensureTopics, ...relayOpts } = opts.relay;
      relay = new OutboxRelay({
        ...relayOpts,
        db: opts.db,
        producer: await renewRelayProducer(),
        renewProducer: renewRelayProducer,
        signer: opts.trust.ring,
        metrics,
        onError,
        ...(ensureTopics ? { ensureTopics: topicEnsurer(admin) } : {}),
      });
      relay.start();
    }
    const started = await Promise.allSettled(
      specs.map((spec) => startConsumer(spec, ctx, opts.topicRefreshMs ?? DEFAULT_TOPIC_REFRESH_MS)),
    );
    running = started.map((s) => (s.status === "fulfilled" ? s.value : undefined));
    const failed = started.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }

  const lagOf = cachedLag(async (groupId) => {
    const consumer = running[specs.findIndex((spec) => spec.groupId === groupId)];
    if (!consumer) throw new Error(`no consumer of group ${groupId} is running`);
    const topics = [...(await consumer.topics())];
    return topics.length === 0 ? [] : consumerLag(admin, groupId, topics);
  }, opts.lagCacheMs);
  registerLagGauge(metrics.registry, {
    groups: () => specs.filter((_, i) => running[i]).map((spec) => spec.groupId),
    lag: lagOf,
    onError,
  });
  const publishing = relay;
  if (publishing) registerOutboxGauges(metrics.registry, { backlog: () => publishing.backlog(), onError });

  return {
    metrics,
    producer,
    admin,
    relay,
    async lag(groupId = specs[0]?.groupId) {
      if (groupId === undefined) throw new Error("no consumer is running");
      return lagOf(groupId);
    },
    close,
  };
}
