import { type DefinedRecord, encodeEvent, sealHeaders } from "@pes/schemas";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database } from "../db/index.js";
import { rowsOf } from "../db/rows.js";
import { outbox } from "../schema.js";
import { captureTraceContext, type TraceHeaders } from "../telemetry.js";
import { receiverOfTopic, recordDigest, type Sealer } from "../trust/index.js";

export interface Publication<S extends z.ZodType = z.ZodType> {
  definition: DefinedRecord & { schema: S };
  data: z.input<S>;
  /** The concrete topic, from `topics` of @pes/schemas. */
  topic: string;
  /** The producer's CloudEvents source, e.g. sourceOf.city("350200"). */
  source: string;
  /** Whom the record is sealed for; by default the topic's reader (receiverOfTopic). */
  receiver?: string;
  id?: string;
  time?: Date;
  /**
   * The trace the record goes on in; by default the active one (the request's span, or the span of
   * the record a consumer is applying). A batch handler passes the `trace` of the event that caused
   * the record, as the active span is only the batch's first record's.
   */
  trace?: TraceHeaders;
}

/**
 * Adds records to the outbox inside the caller's transaction, so the record and its event commit
 * or roll back together. Records are validated against the contract first: an invalid record throws
 * and the caller's transaction rolls back, leaving nothing half-written. Each is sealed for its
 * receiver before it is stored: an outbox row holds only ciphertext (docs/adr/0006).
 *
 * Must be called with a transaction: the per-key advisory lock held until commit makes one key's
 * outbox ids follow commit order, so the relay can never publish a person's later event first.
 */
export async function writeToOutbox(
  tx: Database,
  publications: readonly Publication[],
  sealer: Sealer,
): Promise<string[]> {
  return (await write(tx, publications, sealer, false)).map((r) => r.eventId);
}

/** A record as writeToOutboxWithEvidence wrote it: what an evidence log enters for it. */
export interface WrittenRecord {
  eventId: string;
  topic: string;
  source: string;
  receiver: string;
  /** The leaf the relay will sign it under: SM3(0x00 ‖ canonical form of what was sealed), hex (ADR 0006). */
  digest: string;
  /** Its outbox row. */
  outboxId: string;
}

/** writeToOutbox that also says, for each record, its digest and outbox row (for an evidence log). */
export async function writeToOutboxWithEvidence(
  tx: Database,
  publications: readonly Publication[],
  sealer: Sealer,
): Promise<WrittenRecord[]> {
  return write(tx, publications, sealer, true);
}

/** A record encoded, validated and sealed for the outbox, not yet written (sealForOutbox). */
export interface SealedOutboxRow {
  source: string;
  receiver: string;
  digest: string;
  eventId: string;
  topic: string;
  messageKey: string;
  headers: Record<string, string>;
  payload: string;
  traceparent: string | null;
  tracestate: string | null;
}

/**
 * The first half of writeToOutbox: each record validated against the contract (an invalid one
 * throws), encoded and sealed for its receiver, without touching the database. A batch seals each
 * record as its item is applied, and writes its chunk's rows at once (insertOutboxRows).
 */
export function sealForOutbox(
  publications: readonly Publication[],
  sealer: Sealer,
  evidence = false,
): SealedOutboxRow[] {
  const active = captureTraceContext();
  return publications.map((p) => {
    const trace = p.trace ?? active;
    const encoded = encodeEvent(p.definition, p.data, { source: p.source, id: p.id, time: p.time });
    const receiver = p.receiver ?? receiverOfTopic(p.topic);
    if (!receiver) throw new Error(`no receiver to seal for: ${p.topic} is not in the catalogue`);
    const { value, ...seal } = sealer.seal(receiver, encoded.attributes.id, encoded.value);
    return {
      source: p.source,
      receiver,
      digest: evidence ? recordDigest(encoded.attributes, seal, value).toString("hex") : "",
      eventId: encoded.attributes.id,
      topic: p.topic,
      messageKey: encoded.key,
      headers: { ...encoded.headers, ...sealHeaders(seal) },
      payload: value,
      traceparent: trace.traceparent ?? null,
      tracestate: trace.tracestate ?? null,
    };
  });
}

/**
 * The second half of writeToOutbox: sealed rows written in their order, in the caller's transaction,
 * under the per-key advisory locks (all keys in one statement, in a fixed order); returns the outbox
 * id of each event when `returning`.
 */
export async function insertOutboxRows(
  tx: Database,
  rows: readonly SealedOutboxRow[],
  returning = false,
): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  // All keys in one statement, in a fixed order so two writers cannot deadlock on each other's keys.
  const keys = [...new Set(rows.map((r) => r.messageKey))];
  await tx.execute(sql`select pg_advisory_xact_lock(h) from (
    select distinct hashtextextended(k, 7) as h from unnest(${sql.param(keys)}::text[]) as k order by h) as ordered`);
  // One array per column and one statement for the lot: far cheaper than a parameter per value.
  const col = <K extends keyof SealedOutboxRow>(k: K) => sql.param(rows.map((r) => r[k]));
  const inserted =
    await tx.execute(sql`insert into ${outbox} (event_id, topic, message_key, headers, payload, traceparent, tracestate)
    select e, t, k, h::jsonb, p, tp, ts from unnest(${col("eventId")}::text[], ${col("topic")}::text[], ${col("messageKey")}::text[],
      ${sql.param(rows.map((r) => JSON.stringify(r.headers)))}::text[], ${col("payload")}::text[], ${col("traceparent")}::text[],
      ${col("tracestate")}::text[]) with ordinality as x(e, t, k, h, p, tp, ts, n) order by n
      ${returning ? sql`returning id::text as id, event_id` : sql``}`);
  return new Map(
    returning ? rowsOf<{ id: string; event_id: string }>(inserted).map((r) => [r.event_id, r.id]) : [],
  );
}

async function write(
  tx: Database,
  publications: readonly Publication[],
  sealer: Sealer,
  evidence: boolean,
): Promise<WrittenRecord[]> {
  if (publications.length === 0) return [];
  const rows = sealForOutbox(publications, sealer, evidence);
  const ids = await insertOutboxRows(tx, rows, evidence);
  return rows.map((r) => ({
    eventId: r.eventId,
    topic: r.topic,
    source: r.source,
    receiver: r.receiver,
    digest: r.digest,
    outboxId: ids.get(r.eventId) ?? "",
  }));
}
