import { type SQL, sql } from "drizzle-orm";
import type { PiiCipher } from "../pii.js";
import { sealRecord } from "../vault.js";
import type { Database } from "./index.js";
import { columnsOf, rowsOf } from "./rows.js";

/** A table keeping contract records as JSON: where each row's record and its type are. */
export interface KeptRecords {
  table: string;
  /** The primary key, a text or uuid column: the batches follow it. */
  key: string;
  /** The jsonb column holding the record. */
  column: string;
  /** The record type: a column naming it per row, or the one type of every row. */
  type: { column: string } | { name: string };
  /** Only rows of these types (by the type column), e.g. those with personal fields besides the person. */
  types?: readonly string[];
}

/**
 * Seals the personal fields that rows stored before issue 15 #2 still hold in clear (sealRecord), in
 * batches by key, each its own statement; returns how many rows changed. Idempotent (a sealed value is
 * left alone), and a row changed by the service meanwhile is left to it (updated only if unchanged).
 */
export async function sealKeptRecords(
  db: Database,
  cipher: PiiCipher,
  kept: KeptRecords,
  batch = 500,
): Promise<number> {
  const id = (name: string) => sql.identifier(name);
  const typeOf: SQL =
    "column" in kept.type ? sql`${id(kept.type.column)}::text` : sql`${kept.type.name}::text`;
  const only = kept.types ? sql`and ${typeOf} = any(${sql.param([...kept.types])}::text[])` : sql``;
  // The key's own type, so each batch reads on from the last by the primary key's index.
  const [{ keyType }] = rowsOf<{ keyType: string }>(
    await db.execute(sql`select format_type(atttypid, atttypmod) as "keyType" from pg_attribute
      where attrelid = ${kept.table}::regclass and attname = ${kept.key}`),
  ) as [{ keyType: string }];
  let after: string | undefined;
  let changed = 0;
  for (;;) {
    const from = after === undefined ? sql`` : sql`and ${id(kept.key)} > ${after}::${sql.raw(keyType)}`;
    const rows = rowsOf<{ k: string; type: string; data: unknown }>(
      await db.execute(sql`select ${id(kept.key)}::text as k, ${typeOf} as type, ${id(kept.column)} as data
        from ${id(kept.table)} where true ${only} ${from} order by ${id(kept.key)} limit ${batch}`),
    );
    if (rows.length === 0) return changed;
    after = rows.at(-1)!.k;
    const sealed = rows.flatMap((r) => {
      const before = JSON.stringify(r.data);
      const now = JSON.stringify(sealRecord(cipher, r.type, r.data));
      return now === before ? [] : [{ k: r.k, before, now }];
    });
    if (sealed.length === 0) continue;
    const col = columnsOf(sealed);
    const done = rowsOf<{ k: string }>(
      await db.execute(sql`update ${id(kept.table)} t set ${id(kept.column)} = x.now::jsonb
        from unnest(${col((s) => s.k)}::text[], ${col((s) => s.before)}::text[], ${col((s) => s.now)}::text[])
          as x(k, before, now)
        where t.${id(kept.key)} = x.k::${sql.raw(keyType)} and t.${id(kept.column)} = x.before::jsonb
        returning x.k`),
    );
    changed += done.length;
  }
}
