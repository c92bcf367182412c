import type { Database } from "@pes/sync/db";
import { sql } from "drizzle-orm";
import { auditLog } from "../../db/tables/audit.js";

export interface AuditEntry {
  staffId: string;
  action: (typeof auditLog.$inferInsert)["action"];
  entity: string;
  entityId: string;
  personId?: string | null;
  purpose?: string | null;
  requestId?: string | null;
}

const deferred = new WeakMap<Database, AuditEntry[]>();

/**
 * Entries audited on `db` (a batch item's savepoint) go to `into` instead, which the batch writes in
 * one statement with its chunk, in the same transaction, or drops with a refused item; undefined:
 * written at once again.
 */
export function auditLater(db: Database, into: AuditEntry[] | undefined): void {
  if (into) deferred.set(db, into);
  else deferred.delete(db);
}

/** Written in the same transaction as a change, so a change without its audit entry cannot exist. */
export async function audit(db: Database, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  const later = deferred.get(db);
  if (later) later.push(...list);
  else if (list.length > 0) await db.insert(auditLog).values(list);
}

/** Entries deferred by auditLater, in their order, in one statement (one array per column). */
export async function auditAll(db: Database, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const col = <K extends keyof AuditEntry>(k: K) => sql.param(entries.map((e) => e[k] ?? null));
  await db.execute(sql`insert into ${auditLog} (staff_id, action, entity, entity_id, person_id, purpose, request_id)
    select s, a, e, i, p, pu, r from unnest(${col("staffId")}::uuid[], ${col("action")}::text[], ${col("entity")}::text[],
      ${col("entityId")}::text[], ${col("personId")}::uuid[], ${col("purpose")}::text[], ${col("requestId")}::text[])
      with ordinality as x(s, a, e, i, p, pu, r, n) order by n`);
}
