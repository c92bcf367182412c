import { topics } from "@pes/schemas";
import {
  ConsumerRunner,
  flowbackReceipts,
  type OwnConsumer,
  type PiiCipher,
  type RunningConsumer,
  type StreamsContext,
  topicEnsurer,
} from "@pes/sync";
import { asc } from "drizzle-orm";
import { markets } from "../db/tables/markets.js";
import { flowbackHandler } from "./flowback.js";

export interface FlowbackConsumerOptions {
  cipher: PiiCipher;
  groupId: string;
  /** How often the served markets are re-read; default 10 s. */
  refreshMs?: number;
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
export class FlowbackConsumer implements OwnConsumer, RunningConsumer {
  readonly groupId: string;
  private ctx: StreamsContext | undefined;
  private ensureTopics: ((names: readonly string[]) => Promise<void>) | undefined;
  private runner: ConsumerRunner | undefined;
  private served = "";
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly opts: FlowbackConsumerOptions) {
    this.groupId = opts.groupId;
  }

  /** The markets whose topics the consumer is on now. */
  get markets(): string[] {
    return this.served ? this.served.split(",") : [];
  }

  topics(): string[] {
    return this.markets.map((id) => topics.flowbackGig(id));
  }

  /** On the streams' client, producer (dead letters) and admin (creates a new market's topic if the hub has not yet). */
  async start(ctx: StreamsContext): Promise<this> {
    this.ctx = ctx;
    this.ensureTopics = topicEnsurer(ctx.admin);
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.opts.refreshMs ?? 10_000);
    this.timer.unref();
    return this;
  }

  /** Re-reads the served markets and restarts the consumer if they changed; errors go to onError. */
  refresh(): Promise<void> {
    this.chain = this.chain.then(() => this.reconcile()).catch((e) => this.ctx?.onError(e));
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
    const ctx = this.ctx;
    if (this.stopped || !ctx) return;
    const { db } = ctx;
    const ids = (await db.select({ id: markets.id }).from(markets).orderBy(asc(markets.id))).map((m) => m.id);
    if (ids.join(",") === this.served) return;
    const names = ids.map((id) => topics.flowbackGig(id));
    await this.ensureTopics?.(names);
    this.served = "";
    await this.runner?.stop();
    this.runner = undefined;
    if (ids.length === 0) return;
    // What a served market applies and refuses is acknowledged to the hub, signed as that market.
    const receipts = flowbackReceipts(ctx.trust);
    const runner = new ConsumerRunner({
      kafka: ctx.kafka,
      db,
      producer: ctx.producer,
      metrics: ctx.metrics,
      // Only what the province signed and sealed for a served market is applied; the rest is dead-lettered.
      trust: ctx.trust,
      groupId: this.groupId,
      topics: names,
      handle: flowbackHandler(this.opts.cipher, receipts),
      onRefused: receipts.refused,
      onError: ctx.onError,
    });
    await runner.start();
    this.runner = runner;
    this.served = ids.join(",");
  }
}
