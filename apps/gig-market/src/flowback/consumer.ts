import { topics } from "@pes/schemas";
import {
  ConsumerRunner,
  type createKafka,
  type createProducer,
  type PiiCipher,
  topicEnsurer,
} from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { asc } from "drizzle-orm";
import { markets } from "../db/tables/markets.js";
import { flowbackHandler } from "./consume.js";

// kafkajs is @pes/sync's dependency, not this app's: its types by way of sync's factories.
type Kafka = ReturnType<typeof createKafka>;
type Producer = ReturnType<typeof createProducer>;
type Admin = ReturnType<Kafka["admin"]>;

export interface FlowbackConsumerOptions {
  kafka: Kafka;
  /** Connected; for the dead letters. */
  producer: Producer;
  /** Connected; creates a new market's topic if the hub has not yet. */
  admin: Admin;
  db: Database;
  cipher: PiiCipher;
  groupId: string;
  /** How often the served markets are re-read; default 10 s. */
  refreshMs?: number;
  onError: (e: unknown) => void;
}

/**
 * Consumes pes.flowback.gig.{market} for every market this deployment serves. kafkajs resolves
 * subscriptions (even regex ones) only when the consumer starts, and a regex would also read every
 * other deployment's markets; so the consumer subscribes to the explicit list of served markets'
 * topics, re-reads the markets every refreshMs, and when the set changed restarts on the new list
 * (same group: the other topics resume from their committed offsets, a new one from its start).
 * Markets are created rarely, so the rebalance a restart costs is cheap; a refresh is serialised
 * with stop(), so SIGTERM never races a restart.
 */
export class FlowbackConsumer {
  private runner: ConsumerRunner | undefined;
  private served = "";
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly ensureTopics: (names: readonly string[]) => Promise<void>;

  constructor(private readonly opts: FlowbackConsumerOptions) {
    this.ensureTopics = topicEnsurer(opts.admin);
  }

  /** The markets whose topics the consumer is on now. */
  get markets(): string[] {
    return this.served ? this.served.split(",") : [];
  }

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.opts.refreshMs ?? 10_000);
    this.timer.unref();
  }

  /** Re-reads the served markets and restarts the consumer if they changed; errors go to onError. */
  refresh(): Promise<void> {
    this.chain = this.chain.then(() => this.reconcile()).catch(this.opts.onError);
    return this.chain;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.chain;
    await this.runner?.stop();
    this.runner = undefined;
  }

  private async reconcile(): Promise<void> {
    if (this.stopped) return;
    const { db } = this.opts;
    const ids = (await db.select({ id: markets.id }).from(markets).orderBy(asc(markets.id))).map((m) => m.id);
    if (ids.join(",") === this.served) return;
    const names = ids.map((id) => topics.flowbackGig(id));
    await this.ensureTopics(names);
    this.served = "";
    await this.runner?.stop();
    this.runner = undefined;
    if (ids.length === 0) return;
    const runner = new ConsumerRunner({
      kafka: this.opts.kafka,
      db,
      producer: this.opts.producer,
      groupId: this.opts.groupId,
      topics: names,
      handle: flowbackHandler(this.opts.cipher),
      onError: this.opts.onError,
    });
    await runner.start();
    this.runner = runner;
    this.served = ids.join(",");
  }
}
