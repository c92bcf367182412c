import { ATTR_CLOUDEVENTS_EVENT_TYPE } from "@opentelemetry/semantic-conventions/incubating";
import { sealAttributesOf, signedAttributesOf } from "@pes/schemas";
import { asc, isNull, lt, sql } from "drizzle-orm";
import type { Message, Producer } from "kafkajs";
import pRetry from "p-retry";
import type { Database } from "../db/index.js";
import { rowsOf } from "../db/rows.js";
import { failpoint } from "../failpoints.js";
import type { StreamMetrics } from "../metrics.js";
import { outbox } from "../schema.js";
import { withProducerSpans } from "../telemetry.js";
import { type KeyRing, signBatch } from "../trust/index.js";

export interface RelayOptions {
  db: Database;
  /** A connected producer from createProducer(). */
  producer: Producer;
  /**
   * Replaces the producer after a batch failed to send (given the one it replaces). That batch may
   * have reached the broker; the next one is read from the outbox again and can hold other records,
   * and kafkajs's idempotent producer would send it under sequence numbers the broker has taken for
   * the first: OUT_OF_ORDER_SEQUENCE_NUMBER on every send from then on. A new producer has a new
   * producer id; what had reached the broker is published again, and consumers' inboxes drop it.
   * Absent: the producer is kept.
   */
  renewProducer?: (failed: Producer) => Promise<Producer>;
  /** The producer's keys: each batch is signed with its source's current signing key (docs/adr/0006). */
  signer: KeyRing;
  batchSize?: number;
  /** How long to wait for new rows when the outbox is empty. */
  idleMs?: number;
  /** Published rows are kept this long for inspection, then purged. */
  keepPublishedMs?: number;
  metrics?: StreamMetrics;
  /** Creates topics a batch needs that may not exist yet (see topicEnsurer); the broker creates none by itself. */
  ensureTopics?: (topics: readonly string[]) => Promise<void>;
  /** Fault injection for the crash tests: called after Kafka acknowledged a batch, before the rows are marked. */
  afterSend?: (count: number) => void | Promise<void>;
  onError?: (error: unknown) => void;
}

/** One relay publishes at a time per database, so batches, and with them each key's events, stay in order. */
const RELAY_LOCK = 0x7065735f72656c61n; // "pes_rela"

/**
 * Publishes pending outbox rows in id order, one batch at a time, signed with one signature over the
 * batch's Merkle root, and marks them published in the same transaction that read them. A crash before the mark republishes the batch; consumers'
 * inboxes drop the repeats. Nothing is lost and a key's events are never reordered.
 */
export class OutboxRelay {
  private running = false;
  private stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private lastPurge = 0;
  private producer: Producer;

  constructor(private readonly opts: RelayOptions) {
    this.producer = opts.producer;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = new AbortController();
    this.loop = this.run();
  }

  /** Lets a writer in the same process skip the idle wait. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Lets the batch in hand finish (a backoff's wait does not), then returns. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    this.wake();
    await this.loop;
  }

  /**
   * Publishes batch after batch; a failed one is tried again after 100 ms, doubling to 5 s at most
   * and back to 100 ms after a success, for as long as the relay runs (the broker or the database
   * will come back). Each failure is reported, and the producer renewed before the next try.
   */
  private async run(): Promise<void> {
    while (this.running) {
      let sent: number;
      try {
        sent = await pRetry(() => this.publishBatch(), {
          retries: Number.POSITIVE_INFINITY,
          minTimeout: 100,
          factor: 2,
          maxTimeout: 5_000,
          signal: this.stopping.signal,
          onFailedAttempt: async ({ error }) => {
            this.opts.onError?.(error);
            if (this.opts.renewProducer)
              this.producer = await this.opts.renewProducer(this.producer).catch((renewal) => {
                this.opts.onError?.(renewal);
                return this.producer; // tried again after the next failure
              });
          },
        });
      } catch {
        if (!this.running) return; // stop() aborted the wait
        // p-retry never retries a TypeError (a bug, not an outage); reported already: go on, slowly.
        await this.idle(5_000);
        continue;
      }
      if (sent === 0) await this.idle(this.opts.idleMs ?? 200);
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  /** Publishes at most one batch; returns how many rows it sent (0 when idle or another relay holds the lock). */
  async publishBatch(): Promise<number> {
    const { db, batchSize = 500 } = this.opts;
    const producer = this.producer;
    const sent = await db.transaction(async (tx) => {
      const [lock] = rowsOf<{ locked: boolean }>(
        await tx.execute(sql`select pg_try_advisory_xact_lock(${RELAY_LOCK}) as locked`),
      );
      if (!lock?.locked) return 0;
      const rows = await tx
        .select()
        .from(outbox)
        .where(isNull(outbox.publishedAt))
        .orderBy(asc(outbox.id))
        .limit(batchSize);
      if (rows.length === 0) return 0;

      const signatures = signBatch(
        this.opts.signer,
        rows.map((row) => {
          // The envelope writeToOutbox made: read, not validated again.
          const attributes = signedAttributesOf(row.headers);
          return { attributes, seal: sealAttributesOf(row.headers), value: row.payload };
        }),
      );
      const byTopic = new Map<string, Message[]>();
      for (const [i, row] of rows.entries()) {
        const headers: Record<string, string> = { ...row.headers, ...signatures[i] };
        if (row.traceparent) headers.traceparent = row.traceparent;
        if (row.tracestate) headers.tracestate = row.tracestate;
        const list = byTopic.get(row.topic) ?? [];
        list.push({ key: row.messageKey, value: row.payload, headers });
        byTopic.set(row.topic, list);
      }
      await this.opts.ensureTopics?.([...byTopic.keys()]);
      const traced = [...byTopic].flatMap(([topic, messages]) =>
        messages.map((m) => ({
          topic,
          headers: m.headers as Record<string, string>,
          attributes: { [ATTR_CLOUDEVENTS_EVENT_TYPE]: (m.headers as Record<string, string>).ce_type ?? "?" },
        })),
      );
      await withProducerSpans(traced, () =>
        producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        }),
      );
      await this.opts.afterSend?.(rows.length);
      failpoint("relay.after-send");
      const ids = sql.param(rows.map((r) => r.id.toString()));
      await tx.execute(sql`update ${outbox} set published_at = now() where id = any(${ids}::bigint[])`);
      if (this.opts.metrics) {
        for (const row of rows)
          this.opts.metrics.record(
            "produced",
            row.topic,
            row.headers.ce_type ?? "?",
            row.headers.ce_source ?? "?",
          );
      }
      return rows.length;
    });
    if (sent === 0) await this.purgePublished();
    return sent;
  }

  private async purgePublished(): Promise<void> {
    const keep = this.opts.keepPublishedMs ?? 24 * 60 * 60 * 1000;
    if (Date.now() - this.lastPurge < 60_000) return;
    this.lastPurge = Date.now();
    await this.opts.db.delete(outbox).where(lt(outbox.publishedAt, new Date(Date.now() - keep)));
  }

  /** Rows written but not yet published: the outbox backlog. */
  async pending(): Promise<number> {
    return (await this.backlog()).rows;
  }

  /** The backlog and how long its oldest row has waited (0 when empty): what /metrics shows of the outbox. */
  backlog(): Promise<{ rows: number; oldestAgeSeconds: number }> {
    return outboxBacklog(this.opts.db);
  }
}

/**
 * Rows written but not yet published, and how long the oldest has waited (0 when empty): the outbox
 * as /metrics and a node's status show it.
 */
export async function outboxBacklog(db: Database): Promise<{ rows: number; oldestAgeSeconds: number }> {
  // The oldest by id, on the pending rows' index: ids follow the writers' commits closely enough.
  const [row] = rowsOf<{ rows: number | string; age: number | string | null }>(
    await db.execute(sql`select
      (select count(*) from pes_outbox where published_at is null)::int as rows,
      extract(epoch from now() - (select created_at from pes_outbox where published_at is null order by id limit 1))::float8 as age`),
  );
  return { rows: Number(row?.rows ?? 0), oldestAgeSeconds: Math.max(0, Number(row?.age ?? 0)) };
}
