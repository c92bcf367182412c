import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { rowsOf } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { and, asc, gte, lte, sql } from "drizzle-orm";
import { evidenceArchives, evidenceCheckpoints, evidenceLog } from "../../db/tables/evidence.js";
import type { EvidenceCheckpoint, EvidenceEntry, EvidenceKind } from "../../domain/evidence/chain.js";

/** The first line of an exported log: what it is and the hub's public signing keys to check it with. */
export interface EvidenceHeader {
  type: "header";
  format: "pes-evidence-log-1";
  source: string;
  exportedAt: string;
  /** The hub's signing keys as the registry holds them (id, public key). */
  keys: Array<{ id: string; publicKey: string }>;
  /** Earlier segments moved to archive files. */
  archives: Array<{ fromSeq: number; toSeq: number; file: string }>;
}

const entryOfRow = (r: typeof evidenceLog.$inferSelect): EvidenceEntry => ({
  ...r,
  kind: r.kind as EvidenceKind,
});

/**
 * The log (or entries from..to) as JSON lines: the header, every entry in order, then every
 * checkpoint (those of archived segments too: one anchors the first entry here). What `pnpm
 * verify-log` reads.
 */
export interface ExportHeader {
  source: string;
  /** The registered public key of a signing key id (the registry's), for the keys the checkpoints name. */
  publicKeyOf: (keyId: string) => string | undefined;
}

export async function exportEvidence(
  db: Database,
  header: ExportHeader,
  range: { from?: number; to?: number } = {},
): Promise<string[]> {
  const where = and(
    range.from === undefined ? undefined : gte(evidenceLog.seq, range.from),
    range.to === undefined ? undefined : lte(evidenceLog.seq, range.to),
  );
  const [entries, checkpoints, archives] = await db.transaction(
    async (tx) =>
      [
        (await tx.select().from(evidenceLog).where(where).orderBy(asc(evidenceLog.seq))).map(entryOfRow),
        await tx
          .select()
          .from(evidenceCheckpoints)
          .where(range.to === undefined ? undefined : lte(evidenceCheckpoints.seq, range.to))
          .orderBy(asc(evidenceCheckpoints.seq)),
        await tx.select().from(evidenceArchives).orderBy(asc(evidenceArchives.fromSeq)),
      ] as const,
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  const keys = [...new Set(checkpoints.map((c) => c.keyId))].flatMap((id) => {
    const publicKey = header.publicKeyOf(id);
    return publicKey ? [{ id, publicKey }] : [];
  });
  const head: EvidenceHeader = {
    type: "header",
    format: "pes-evidence-log-1",
    source: header.source,
    keys,
    exportedAt: new Date().toISOString(),
    archives: archives.map(({ fromSeq, toSeq, file }) => ({ fromSeq, toSeq, file })),
  };
  return [
    JSON.stringify(head),
    ...entries.map((e) => JSON.stringify({ type: "entry", ...e })),
    ...checkpoints.map((c: EvidenceCheckpoint) => JSON.stringify({ type: "checkpoint", ...c })),
  ];
}

/**
 * Retention (Network Security Law art. 21: at least six months): entries older than `retentionDays`
 * leave the database for an archive file, up to the last checkpoint among them, so a segment always
 * ends at an entry the hub signed for and the next one is anchored by it. The file is written and
 * renamed into place before the rows go, in the transaction that deletes them; nothing is deleted
 * that is not in a file. Returns the segment archived, if any.
 */
export async function archiveEvidence(
  db: Database,
  opts: {
    retentionDays: number;
    dir: string;
    header: ExportHeader;
    now?: Date;
  },
): Promise<{ fromSeq: number; toSeq: number; file: string } | undefined> {
  const cutoff = new Date((opts.now ?? new Date()).getTime() - opts.retentionDays * 86_400_000).toISOString();
  const [segment] = rowsOf<{ from_seq: string | null; to_seq: string | null }>(
    await db.execute(sql`select (select min(seq) from ${evidenceLog})::text as from_seq,
      (select max(c.seq) from ${evidenceCheckpoints} c join ${evidenceLog} l on l.seq = c.seq where l."at" < ${cutoff})::text as to_seq`),
  );
  if (!segment?.from_seq || !segment.to_seq) return undefined;
  const fromSeq = Number(segment.from_seq);
  const toSeq = Number(segment.to_seq);
  const lines = await exportEvidence(db, opts.header, { from: fromSeq, to: toSeq });
  await mkdir(opts.dir, { recursive: true });
  const file = join(
    opts.dir,
    `evidence-${String(fromSeq).padStart(12, "0")}-${String(toSeq).padStart(12, "0")}.jsonl`,
  );
  await writeFile(`${file}.part`, `${lines.join("\n")}\n`, { flush: true });
  await rename(`${file}.part`, file);
  await db.transaction(async (tx) => {
    await tx.delete(evidenceLog).where(and(gte(evidenceLog.seq, fromSeq), lte(evidenceLog.seq, toSeq)));
    await tx.insert(evidenceArchives).values({ fromSeq, toSeq, file }).onConflictDoNothing();
  });
  return { fromSeq, toSeq, file };
}
