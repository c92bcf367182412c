import { type DefinedRecord, encodeEvent } from "@pes/schemas";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database } from "../db/index.js";
import { outbox } from "../schema.js";
import { captureTraceContext } from "../telemetry.js";

export interface Publication<S extends z.ZodType = z.ZodType> {
  definition: DefinedRecord & { schema: S };
  data: z.input<S>;
  /** The concrete topic, from `topics` of @pes/schemas. */
  topic: string;
  /** The producer's CloudEvents source, e.g. sourceOf.city("350200"). */
  source: string;
  id?: string;
  time?: Date;
}

/**
 * Adds records to the outbox inside the caller's transaction, so the record and its event commit
 * or roll back together. Records are validated against the contract first: an invalid record throws
 * and the caller's transaction rolls back, leaving nothing half-written.
 *
 * Must be called with a transaction: the per-key advisory lock held until commit makes one key's
 * outbox ids follow commit order, so the relay can never publish a person's later event first.
 */
export async function writeToOutbox(tx: Database, publications: readonly Publication[]): Promise<string[]> {
  if (publications.length === 0) return [];
  const trace = captureTraceContext();
  const rows = publications.map((p) => {
    const encoded = encodeEvent(p.definition, p.data, { source: p.source, id: p.id, time: p.time });
    return {
      eventId: encoded.attributes.id,
      topic: p.topic,
      messageKey: encoded.key,
      headers: encoded.headers,
      payload: encoded.value,
      traceparent: trace.traceparent ?? null,
      tracestate: trace.tracestate ?? null,
    };
  });
  const keys = [...new Set(rows.map((r) => r.messageKey))].sort();
  for (const key of keys) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 7))`);
  // PostgreSQL takes at most 65,535 parameters per statement: 8 columns × 1,000 rows stays well inside.
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(outbox).values(rows.slice(i, i + 1000));
  return rows.map((r) => r.eventId);
}
