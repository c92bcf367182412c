import { canonicalJson } from "@pes/core";
import type { Database } from "@pes/sync/db";
import { and, eq, sql } from "drizzle-orm";
import { intakeRecords } from "../../db/tables/intake.js";
import type { PersonVault } from "../context.js";

export type IntakeRow = typeof intakeRecords.$inferSelect;

/**
 * The content of a desk input as one keyed digest (PiiCipher.fingerprint: it holds personal data, so
 * never a plain hash): the kind and the input as canonical JSON, its source id left out.
 */
export function contentFingerprint(vault: PersonVault, kind: string, input: object): string {
  const { sourceRecordId: _, ...content } = input as { sourceRecordId?: unknown };
  return vault.cipher.fingerprint(`pes-intake-1\n${kind}\n${canonicalJson(content)}`);
}

/**
 * Serialises the intakes of one source id until the transaction ends: two requests (or batch items)
 * with a new source id cannot both create a record for it.
 */
export async function lockSourceRecord(db: Database, kind: string, sourceRecordId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${kind}), hashtext(${sourceRecordId}))`);
}

export async function findBySourceRecord(
  db: Database,
  kind: string,
  sourceRecordId: string,
): Promise<IntakeRow | undefined> {
  const [row] = await db
    .select()
    .from(intakeRecords)
    .where(and(eq(intakeRecords.kind, kind), eq(intakeRecords.sourceRecordId, sourceRecordId)));
  return row;
}

export async function findByRecord(
  db: Database,
  kind: string,
  recordId: string,
): Promise<IntakeRow | undefined> {
  const [row] = await db
    .select()
    .from(intakeRecords)
    .where(and(eq(intakeRecords.kind, kind), eq(intakeRecords.recordId, recordId)));
  return row;
}

/** Remembers the content a record now holds (and its source id, which once given stays). */
export async function rememberContent(
  db: Database,
  entry: {
    kind: string;
    recordId: string;
    sourceRecordId: string | null;
    fingerprint: string;
    revision: number;
  },
): Promise<void> {
  await db
    .insert(intakeRecords)
    .values(entry)
    .onConflictDoUpdate({
      target: [intakeRecords.kind, intakeRecords.recordId],
      set: {
        sourceRecordId: sql`coalesce(${intakeRecords.sourceRecordId}, excluded.source_record_id)`,
        fingerprint: entry.fingerprint,
        revision: entry.revision,
        updatedAt: sql`now()`,
      },
    });
}
