import type { Database } from "@pes/sync/db";
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

/** Written in the same transaction as a change, so a change without its audit entry cannot exist. */
export async function audit(db: Database, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length > 0) await db.insert(auditLog).values(list);
}
