import { sql } from "drizzle-orm";

/** drizzle's execute() returns an array on postgres.js and { rows } on PGlite. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * One array parameter per column of `rows`, for `insert … select from unnest($1::text[], …)`: a
 * batch costs a few parameters instead of one per value. `const col = columnsOf(rows); col((r) => r.id)`.
 */
export function columnsOf<R>(rows: readonly R[]) {
  return <T>(value: (row: R) => T) => sql.param(rows.map(value));
}
