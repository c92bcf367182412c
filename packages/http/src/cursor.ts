import { z } from "@hono/zod-openapi";
import { DomainError } from "./errors.js";

/**
 * Where the previous page of a list "newest first by (time, id)" ended: its last row's time and id.
 *
 * `at` is the time exactly as the database holds it, in microseconds (ISO 8601, UTC, e.g.
 * `2025-05-05T02:00:00.123456Z`), never a JavaScript Date: a Date keeps milliseconds only, and rows
 * later in the same millisecond than the cursor's row would compare before the cursor and be skipped.
 * Select it with `newestFirst(…).at` of `@pes/sync`, which also gives the matching condition and order.
 */
export interface Cursor {
  at: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z$/;

/** A real instant: Date.parse would take 2025-02-30 as 2025-03-02, which PostgreSQL refuses with a 500. */
function isInstant(at: string): boolean {
  if (!INSTANT.test(at)) return false;
  const date = new Date(at);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === at.slice(0, 19);
}

/** The opaque text a client passes back as `cursor`; its format may change with any deploy. */
export const encodeCursor = (cursor: Cursor): string =>
  Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString("base64url");

/** The cursor in `text`, or undefined when it is not one encodeCursor made. */
export function decodeCursor(text: string): Cursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [at, id] = value as unknown[];
    if (typeof at !== "string" || typeof id !== "string" || !isInstant(at) || !UUID.test(id))
      return undefined;
    return { at, id };
  } catch {
    return undefined;
  }
}

/**
 * The `cursor` query parameter, checked with the rest of the query: a malformed cursor is the 400 of
 * every invalid field, `{ path: "cursor", in: "query" }`. Read it in the handler with readCursor.
 */
export const CursorQuery = z
  .string()
  .max(200)
  .refine((text) => decodeCursor(text) !== undefined, "is not a cursor this API returned")
  .optional()
  .openapi({ description: "`nextCursor` of the previous page; absent for the first page" });

/**
 * The cursor of the query, undefined for the first page. A malformed one (where the query schema
 * did not check it with CursorQuery) is a 422 invalid-cursor at `cursor` in the query.
 */
export function readCursor(text: string | undefined): Cursor | undefined {
  if (text === undefined || text === "") return undefined;
  const cursor = decodeCursor(text);
  if (!cursor)
    throw new DomainError("invalid", "invalid-cursor", "The cursor is not one this list gave", {
      errors: [{ path: "cursor", in: "query", message: "Use the next cursor of the previous page" }],
    });
  return cursor;
}

/**
 * The page of `limit` rows out of the limit + 1 fetched (the extra row only tells that there is a
 * next page), and the cursor of the next page: null on the last. The cursor is the last row's
 * `cursorAt` (newestFirst(…).at selected under that name) and `id`, or what `cursorOf` makes of it.
 */
export function pageFrom<R extends { cursorAt: string; id: string }>(rows: R[], limit: number): Page<R>;
export function pageFrom<R>(rows: R[], limit: number, cursorOf: (row: R) => Cursor): Page<R>;
export function pageFrom<R>(rows: R[], limit: number, cursorOf?: (row: R) => Cursor): Page<R> {
  const of = cursorOf ?? ((row: R) => ({ at: selected(row).cursorAt, id: selected(row).id }));
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(of(last)) : null };
}

const selected = (row: unknown) => row as { cursorAt: string; id: string };

export interface Page<R> {
  rows: R[];
  nextCursor: string | null;
}
