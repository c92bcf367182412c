import {
  ATTR_CLOUDEVENTS_EVENT_ID,
  ATTR_CLOUDEVENTS_EVENT_TYPE,
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_DESTINATION_PARTITION_ID,
  ATTR_MESSAGING_KAFKA_OFFSET,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
  MESSAGING_SYSTEM_VALUE_KAFKA,
} from "@opentelemetry/semantic-conventions/incubating";
import { type DecodedEvent, decodeEvent, headerText } from "@pes/schemas";
import { sql } from "drizzle-orm";
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from "kafkajs";
import type { Database } from "../db/index.js";
import { rowsOf } from "../db/rows.js";
import { failpoint } from "../failpoints.js";
import { labelsOfUntrusted, type StreamMetrics } from "../metrics.js";
import { type TraceHeaders, traceHeadersOf, withConsumerSpan, withConsumerSpans } from "../telemetry.js";
import { type RecordProof, readTrusted, type Trust } from "../trust/index.js";
import { type DeadLetter, sendToDeadLetters } from "./dead-letter.js";
import { isTransient, RejectedRecordError, withRetry } from "./errors.js";

export interface IncomingEvent extends DecodedEvent {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** When the broker appended the record (its Kafka timestamp): the event's time when it has no ce_time. */
  appendedAt?: Date;
  /**
   * The context of the record's CONSUMER span, set by the runner. A batch handler puts it on what it
   * writes to the outbox because of this record (Publication.trace), so a flow-back goes on in the
   * record's trace; a handler of one record at a time need not, its writes take the active span's.
   */
  trace?: TraceHeaders;
  /**
   * What the record was verified by (its leaf digest, the key and the root it was signed under), for
   * an evidence log; absent for a record read without a signature envelope.
   */
  proof?: RecordProof;
}

export type EventHandler = (tx: Database, event: IncomingEvent) => Promise<void>;

export interface ConsumerOptions {
  kafka: Kafka;
  db: Database;
  groupId: string;
  topics: Array<string | RegExp>;
  /** Applies one record; it runs inside the chunk's transaction, in a span continuing the writer's trace. */
  handle?: EventHandler;
  /** Or applies the chunk's fresh records at once, for bulk writes (COPY, unnest); one of the two is required. */
  handleBatch?: (tx: Database, events: IncomingEvent[]) => Promise<void>;
  /** A connected producer for the dead letters. */
  producer: Producer;
  /** This party's trust: records are verified and opened with it before they are decoded (docs/adr/0006). */
  trust: Trust;
  fromBeginning?: boolean;
  /** How soon a dead member is noticed and its partitions handed on; the broker's minimum is 6 s. */
  sessionTimeoutMs?: number;
  /** Defaults to the catalogue's dead-letter topic. */
  deadLetterTopic?: string;
  /** Records applied per database transaction; bounded so heartbeats keep flowing (kafkajs#1527). */
  chunkSize?: number;
  retry?: { attempts: number; initialMs: number; maxMs: number };
  metrics?: StreamMetrics;
  /**
   * Called with the records of a chunk about to be dead-lettered, in a transaction of its own, before
   * they are sent: a receiver of flow-back acknowledges them (receipts.ts). At least once: after a
   * crash before the chunk's offset commits, it is called again for the same records.
   */
  onRefused?: (tx: Database, refused: RefusedRecord[]) => Promise<void>;
  /** Fault injection for the crash tests: called after a chunk's transaction commits, before its offset does. */
  afterCommit?: (applied: number) => void | Promise<void>;
  onError?: (error: unknown) => void;
}

type Item = { message: KafkaMessage; event: IncomingEvent; signature: string | null };
type Refused = { message: KafkaMessage; why: DeadLetter };
type Applied = { refused: Refused[]; applied: Item[] };

/** A record the consumer refuses, as it read it from `topic`, and why. */
export interface RefusedRecord extends Refused {
  topic: string;
  partition: number;
}

/**
 * Ids and codes only: a consumer span never carries a record's content, nor its key. A relay's key is
 * a pseudonymous person key, but a forger's record reaches this span too, and its key is whatever it
 * sent (an ID number even).
 */
function spanAttributes({ event }: Item, groupId: string): Record<string, string | number> {
  return {
    [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM_VALUE_KAFKA,
    [ATTR_MESSAGING_DESTINATION_NAME]: event.topic,
    [ATTR_MESSAGING_OPERATION_TYPE]: MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
    [ATTR_MESSAGING_DESTINATION_PARTITION_ID]: String(event.partition),
    [ATTR_MESSAGING_KAFKA_OFFSET]: Number(event.offset),
    [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: groupId,
    [ATTR_CLOUDEVENTS_EVENT_ID]: event.attributes.id,
    [ATTR_CLOUDEVENTS_EVENT_TYPE]: event.attributes.type,
  };
}

/** The W3C trace context a record carries in its headers. */
function traceHeaders({ message }: Item): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ["traceparent", "tracestate"]) {
    const v = headerText(message.headers, name);
    if (v) headers[name] = v;
  }
  return headers;
}

/**
 * Consumes through the contract: each record is verified (its producer's signature) and opened (sealed
 * for this party), validated at the boundary, applied once through the inbox in a database
 * transaction, and only then is its offset committed. Forged, replayed, invalid and poisoned records
 * go to the dead-letter topic with the reason, and the consumer goes on.
 */
export class ConsumerRunner {
  private consumer: Consumer | undefined;
  private stopped = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private restarts = 0;

  constructor(private readonly opts: ConsumerOptions) {
    if (!opts.handle === !opts.handleBatch)
      throw new Error("ConsumerRunner needs exactly one of handle or handleBatch");
  }

  async start(): Promise<void> {
    const { kafka, groupId } = this.opts;
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: this.opts.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: 1024 * 1024,
      // An idle fetch waits at most this long at the broker, and stop() waits for it: the default 5 s
      // made a busy machine's SIGTERM outlast the 10 s shutdown grace. One fetch a second is cheap.
      maxWaitTimeInMs: 1_000,
      retry: { retries: 10, initialRetryTime: 300 },
    });
    this.consumer = consumer;
    this.stopped = false;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.consumer !== consumer || this.stopped) return;
      this.opts.onError?.(payload.error);
      this.restartAfterCrash();
    });
    await consumer.connect();
    for (const topic of this.opts.topics)
      await consumer.subscribe({ topic, fromBeginning: this.opts.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 3,
      eachBatch: (payload) => this.processBatch(payload),
    });
  }

  /** Finishes the batch in hand, commits it and leaves the group. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  /**
   * kafkajs restarts a crashed consumer only after a retriable error; after a non-retriable one (e.g.
   * "The coordinator is not aware of this member" when a loaded machine outlasts the session) it
   * disconnects and stays down, and the stream would stop without a word. Start again, backing off.
   */
  private restartAfterCrash(): void {
    const delayMs = Math.min(30_000, 1_000 * 2 ** this.restarts++);
    this.restartTimer = setTimeout(() => {
      if (this.stopped) return;
      this.start().then(
        () => {
          this.restarts = 0;
        },
        (error) => {
          this.opts.onError?.(error);
          if (!this.stopped) this.restartAfterCrash();
        },
      );
    }, delayMs);
    this.restartTimer.unref?.();
  }

  private async processBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const chunkSize = this.opts.chunkSize ?? 200;
    for (let i = 0; i < batch.messages.length; i += chunkSize) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(i, i + chunkSize);
      const valid: Item[] = [];
      const invalid: Refused[] = [];
      for (const message of chunk) {
        const read = readMessage(this.opts.trust, topic, partition, message);
        if (read.ok) valid.push(read.item);
        else invalid.push(read.refused);
      }
      const { refused, applied } = await this.apply(valid);
      invalid.push(...refused);
      await this.acknowledgeRefused(topic, partition, invalid);
      await this.deadLetter(topic, partition, invalid);
      await this.opts.afterCommit?.(valid.length);

      const last = chunk[chunk.length - 1]!.offset;
      await this.consumer!.commitOffsets([{ topic, partition, offset: (BigInt(last) + 1n).toString() }]);
      resolveOffset(last);
      await heartbeat();
      if (this.opts.metrics) {
        for (const { event } of valid)
          this.opts.metrics.record("consumed", topic, event.attributes.type, event.attributes.source);
        for (const { event } of applied)
          this.opts.metrics.record("applied", topic, event.attributes.type, event.attributes.source);
      }
    }
  }

  /**
   * Applies the chunk in one transaction; if a record poisons it, applies one by one to find which.
   * Returns what it refused (the poisoned records and the replayed copies) and what it applied for the
   * first time (not a redelivery the inbox knew).
   */
  private async apply(items: Item[]): Promise<Applied> {
    if (items.length === 0) return { refused: [], applied: [] };
    try {
      return await this.transaction(items);
    } catch (e) {
      if (isTransient(e)) throw e;
    }
    const all: Applied = { refused: [], applied: [] };
    for (const item of items) {
      try {
        const one = await this.transaction([item]);
        all.refused.push(...one.refused);
        all.applied.push(...one.applied);
      } catch (e) {
        if (isTransient(e)) throw e;
        all.refused.push({ message: item.message, why: whyRejected(e) });
      }
    }
    return all;
  }

  private get retry() {
    return this.opts.retry ?? { attempts: 5, initialMs: 200, maxMs: 5_000 };
  }

  private transaction(items: Item[]): Promise<Applied> {
    const { db, groupId, handle, handleBatch } = this.opts;
    const retry = this.retry;
    return withRetry(
      () =>
        db.transaction(async (tx) => {
          const { fresh, replayed } = await claimInbox(tx, groupId, items);
          if (handleBatch) {
            if (fresh.length > 0)
              await withConsumerSpans(
                (i) => `process ${fresh[i]!.event.definition.name}`,
                fresh.map((item) => ({
                  headers: traceHeaders(item),
                  attributes: spanAttributes(item, groupId),
                })),
                (traces) =>
                  handleBatch(
                    tx,
                    fresh.map((item, i) => ({ ...item.event, trace: traces[i] ?? {} })),
                  ),
              );
          } else {
            for (const item of fresh) {
              await withConsumerSpan(
                `process ${item.event.definition.name}`,
                traceHeaders(item),
                spanAttributes(item, groupId),
                (span) => handle!(tx, { ...item.event, trace: traceHeadersOf(span) }),
              );
            }
          }
          failpoint("consumer.chunk-written");
          return { refused: replayed, applied: fresh };
        }),
      {
        ...retry,
        retryIf: isTransient,
        onRetry: () => this.opts.onError?.(new Error("transient failure; retrying")),
      },
    );
  }

  /** onRefused; what it cannot record, for a reason other than a passing one, still goes to the dead letters. */
  private async acknowledgeRefused(topic: string, partition: number, items: Refused[]) {
    const { db, onRefused } = this.opts;
    if (!onRefused || items.length === 0) return;
    const refused = items.map((item) => ({ ...item, topic, partition }));
    try {
      await withRetry(() => db.transaction((tx) => onRefused(tx, refused)), {
        ...this.retry,
        retryIf: isTransient,
      });
    } catch (e) {
      if (isTransient(e)) throw e;
      this.opts.onError?.(e);
    }
  }

  private async deadLetter(topic: string, partition: number, items: Refused[]) {
    if (items.length === 0) return;
    await sendToDeadLetters(
      this.opts.producer,
      { topic, partition, group: this.opts.groupId, deadLetterTopic: this.opts.deadLetterTopic },
      items,
    );
    if (this.opts.metrics) {
      for (const { message, why } of items) {
        const { type, source } = labelsOfUntrusted(
          headerText(message.headers, "ce_type") ?? why.schema,
          headerText(message.headers, "ce_source"),
        );
        this.opts.metrics.record("deadLettered", topic, type, source);
      }
    }
  }
}

/**
 * Records the chunk's event ids in the inbox in one statement and returns the items seen for the
 * first time, in their order; a redelivered event, or one repeated within the chunk, is dropped. An
 * applied event that comes again at another offset with the very signature it had is a copy someone
 * put back on the topic, not the relay's re-publication (signed anew): it is refused as replayed.
 */
async function claimInbox(
  tx: Database,
  groupId: string,
  items: Item[],
): Promise<{ fresh: Item[]; replayed: Refused[] }> {
  const rows = items.map(({ event, signature }) => ({
    g: groupId,
    e: event.attributes.id,
    t: event.topic,
    p: event.partition,
    o: event.offset,
    s: signature,
  }));
  const inserted = rowsOf<{ event_id: string }>(
    await tx.execute(sql`insert into pes_inbox (consumer_group, event_id, topic, partition, "offset", signature)
      select g, e, t, p, o::bigint, s from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(g text, e text, t text, p int, o text, s text)
      on conflict do nothing returning event_id`),
  );
  const firstTime = new Set(inserted.map((r) => r.event_id));
  const fresh = items.filter(({ event }) => firstTime.delete(event.attributes.id));
  const seen = items.filter((item) => !fresh.includes(item) && item.signature !== null);
  if (seen.length === 0) return { fresh, replayed: [] };
  const earlier = rowsOf<{
    event_id: string;
    topic: string;
    partition: number;
    offset: string;
    signature: string | null;
  }>(
    await tx.execute(sql`select event_id, topic, partition, "offset"::text as "offset", signature from pes_inbox
      where consumer_group = ${groupId} and event_id = any(${sql.param(seen.map((i) => i.event.attributes.id))}::text[])`),
  );
  const byId = new Map(earlier.map((r) => [r.event_id, r]));
  const replayed = seen
    .filter(({ event, signature }) => {
      const first = byId.get(event.attributes.id);
      const sameRecord =
        first?.topic === event.topic && first.partition === event.partition && first.offset === event.offset;
      return first?.signature === signature && !sameRecord;
    })
    .map((item) => ({
      message: item.message,
      why: {
        reason: "replayed",
        detail: `event ${item.event.attributes.id} was applied before, from offset ${byId.get(item.event.attributes.id)?.offset}`,
      } as DeadLetter,
    }));
  return { fresh, replayed };
}

/**
 * What a consumer makes of one message before any handler sees it: verified and opened with `trust`
 * (docs/adr/0006), then decoded against the contract; or why it goes to the dead letters. Exported
 * so the hub's conformance test runs the very same path.
 */
export function readMessage(
  trust: Trust,
  topic: string,
  partition: number,
  message: KafkaMessage,
): { ok: true; item: Item } | { ok: false; refused: Refused } {
  const appendedAt = message.timestamp ? { appendedAt: new Date(Number(message.timestamp)) } : {};
  const trusted = readTrusted(trust, {
    topic,
    headers: message.headers,
    value: message.value,
    ...appendedAt,
  });
  if (trusted.ok === false)
    return { ok: false, refused: { message, why: { reason: trusted.reason, detail: trusted.detail } } };
  const decoded =
    trusted.ok === true
      ? decodeEvent(message.headers, trusted.value, trusted.attributes)
      : decodeEvent(message.headers, message.value);
  if (!decoded.ok) return { ok: false, refused: { message, why: decoded.failure } };
  return {
    ok: true,
    item: {
      message,
      signature: trusted.ok === true ? trusted.signature : null,
      event: {
        ...decoded.event,
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
        ...appendedAt,
        ...(trusted.ok === true ? { proof: trusted.proof } : {}),
      },
    },
  };
}

/** The dead letter of a record a handler threw on: its rule's code for a RejectedRecordError. */
export function whyRejected(e: unknown): DeadLetter {
  if (e instanceof RejectedRecordError) {
    return {
      reason: "handler-rejected",
      detail: e.message,
      ...(e.fieldPath ? { fieldPath: e.fieldPath } : {}),
      ...(e.code ? { code: e.code } : {}),
    };
  }
  // Database messages can quote row values; keep only the error class and SQLSTATE for those.
  const err = e as { name?: string; code?: string; message?: string };
  if (err.code) return { reason: "handler-failed", detail: `${err.name ?? "Error"} (SQLSTATE ${err.code})` };
  return { reason: "handler-failed", detail: `${err.name ?? "Error"}: ${err.message ?? ""}` };
}
