import { desc, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/**
 * Keyset paging of a list newest first by (time, id): `time` a timestamptz column, `id` a uuid one.
 * The cursor (`Cursor` of `@pes/http`) is the last row's `at` and id.
 *
 * `at` is the row's time as the database's exact text, microseconds and all: drizzle reads a
 * timestamptz into a JavaScript Date, which keeps milliseconds only, and rows in the same millisecond
 * as the cursor's row but later in it would compare before the cursor and be skipped. Comparing
 * the bare columns, not date_trunc of them, keeps the (…, time, id) indexes usable for the order.
 *
 *   const keys = newestFirst(t.createdAt, t.id);
 *   db.select({ ...getTableColumns(t), cursorAt: keys.at }).from(t)
 *     .where(and(…, keys.after(readCursor(cursor)))).orderBy(...keys.orderBy).limit(limit + 1)
 */
export function newestFirst(time: PgColumn, id: PgColumn) {
  return {
    /** The row's time for its cursor: ISO 8601 in UTC with microseconds, e.g. 2025-05-05T02:00:00.123456Z. */
    at: sql<string>`to_char(${time} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    /** The rows after the cursor's row in the order below; undefined (no condition) for the first page. */
    after(cursor: { at: string; id: string } | undefined): SQL | undefined {
      if (!cursor) return undefined;
      return sql`(${time}, ${id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`;
    },
    orderBy: [desc(time), desc(id)] as const,
  };
}
