import { canonicalJson } from "@pes/core";
import { rowsOf } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { and, eq, sql } from "drizzle-orm";
import { intakeRecords } from "../../db/tables/intake.js";
import type { IntakeEntry } from "../chunk.js";
import type { PersonVault, UseCaseContext } from "../context.js";

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

/**
 * What the intake knows of a source id, under its lock: from the batch chunk that read it ahead (and
 * locked it) when there is one, else locked and read now.
 */
export async function knownSourceRecord(
  ctx: Pick<UseCaseContext, "db" | "chunk">,
  kind: string,
  sourceRecordId: string,
): Promise<IntakeEntry | undefined> {
  const ahead = ctx.chunk?.source(kind, sourceRecordId);
  if (ahead !== undefined) return ahead ?? undefined;
  await lockSourceRecord(ctx.db, kind, sourceRecordId);
  return findBySourceRecord(ctx.db, kind, sourceRecordId);
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

/**
 * Remembers the content a record now holds (and its source id, which once given stays); in a batch,
 * with the chunk's others (rememberAll).
 */
export async function rememberContent(
  ctx: Pick<UseCaseContext, "db" | "chunk">,
  entry: IntakeEntry,
): Promise<void> {
  if (ctx.chunk) return ctx.chunk.remember(entry);
  await ctx.db
    .insert(intakeRecords)
    .values(entry)
    .onConflictDoUpdate({
      target: [intakeRecords.kind, intakeRecords.recordId],
      set: {
        sourceRecordId: sql`coalesce(${intakeRecords.sourceRecordId}, excluded.source_record_id)`,
        fingerprint: entry.fingerprint,
        revision: entry.revision,
        earlierFingerprints: entry.earlierFingerprints,
        updatedAt: sql`now()`,
      },
    });
}

/**
 * A chunk's remembered contents in one statement: the last entry of each record wins, and a source id
 * once given stays (as rememberContent).
 */
export async function rememberAll(db: Database, entries: readonly IntakeEntry[]): Promise<void> {
  const last = new Map<string, IntakeEntry>();
  for (const e of entries) {
    const key = `${e.kind}\n${e.recordId}`;
    const before = last.get(key);
    last.set(key, { ...e, sourceRecordId: before?.sourceRecordId ?? e.sourceRecordId });
  }
  const rows = [...last.values()];
  if (rows.length === 0) return;
  const col = <K extends keyof IntakeEntry>(k: K) => sql.param(rows.map((r) => r[k]));
  // The earlier fingerprints travel as one text each (a two-dimensional array cannot be ragged).
  const earlier = sql.param(rows.map((r) => r.earlierFingerprints.join("\n")));
  await db.execute(sql`insert into ${intakeRecords} (kind, record_id, source_record_id, fingerprint, revision, earlier_fingerprints)
    select k, r, s, f, v, case when e = '' then '{}'::text[] else string_to_array(e, E'\n') end
    from unnest(${col("kind")}::text[], ${col("recordId")}::uuid[], ${col("sourceRecordId")}::text[],
      ${col("fingerprint")}::text[], ${col("revision")}::int[], ${earlier}::text[]) as x(k, r, s, f, v, e)
    on conflict (kind, record_id) do update set
      source_record_id = coalesce(${intakeRecords.sourceRecordId}, excluded.source_record_id),
      fingerprint = excluded.fingerprint, revision = excluded.revision,
      earlier_fingerprints = excluded.earlier_fingerprints, updated_at = now()`);
}

/**
 * Locks the source ids of a chunk (in one order, so chunks cannot deadlock on each other) and reads
 * what the intake knows of them: the keys `${kind}\n${sourceRecordId}`.
 */
export async function lockAndReadSources(
  db: Database,
  ids: readonly { kind: string; sourceRecordId: string }[],
): Promise<Map<string, IntakeEntry>> {
  const found = new Map<string, IntakeEntry>();
  if (ids.length === 0) return found;
  const kinds = sql.param(ids.map((i) => i.kind));
  const sources = sql.param(ids.map((i) => i.sourceRecordId));
  await db.execute(sql`select pg_advisory_xact_lock(k, s) from (
    select distinct hashtext(k) as k, hashtext(s) as s from unnest(${kinds}::text[], ${sources}::text[]) as x(k, s)
    order by 1, 2) as ordered`);
  const rows = rowsOf<{
    kind: string;
    record_id: string;
    source_record_id: string;
    fingerprint: string;
    revision: number;
    earlier_fingerprints: string[];
  }>(
    await db.execute(sql`select r.kind, r.record_id, r.source_record_id, r.fingerprint, r.revision, r.earlier_fingerprints
      from ${intakeRecords} r join unnest(${kinds}::text[], ${sources}::text[]) as w(k, s)
        on r.kind = w.k and r.source_record_id = w.s`),
  );
  for (const r of rows)
    found.set(`${r.kind}\n${r.source_record_id}`, {
      kind: r.kind,
      recordId: r.record_id,
      sourceRecordId: r.source_record_id,
      fingerprint: r.fingerprint,
      revision: r.revision,
      earlierFingerprints: r.earlier_fingerprints,
    });
  return found;
}
