import { z } from "@hono/zod-openapi";
import { CursorQuery } from "./cursor.js";

// A list's page is `?limit=&cursor=` in and `{ items, nextCursor }` out (the city node's desk list
// names its cursor `next`). The cursor itself is CursorQuery, readCursor and pageFrom of cursor.ts;
// the SQL after it newestFirst of @pes/sync.

export interface PageQueryOptions {
  /** The most items a page holds: ?limit= is 1 to this. Default 100. */
  max?: number;
  /** Items per page without ?limit=. Default 20. */
  defaultLimit?: number;
  /**
   * Where a malformed cursor is refused: "query" (the default), with the query's other fields, a 400
   * at `cursor` (CursorQuery); "handler", by readCursor in the handler, a 422 invalid-cursor.
   */
  cursorCheck?: "query" | "handler";
  /** The response field that carries the next page's cursor, for the description. Default nextCursor. */
  next?: string;
}

/** ?limit= and ?cursor= of a list; extend it with the list's own filters (`.extend(Filters.shape)`). */
export function pageQuery({
  max = 100,
  defaultLimit = 20,
  cursorCheck = "query",
  next = "nextCursor",
}: PageQueryOptions = {}) {
  const range = `must be from 1 to ${max}`;
  return z.object({
    limit: z.coerce
      .number({ error: `must be a number from 1 to ${max}` })
      .int("must be a whole number")
      .min(1, range)
      .max(max, range)
      .default(defaultLimit)
      .openapi({ description: `Items per page, 1–${max}` }),
    cursor:
      cursorCheck === "query"
        ? CursorQuery
        : z
            .string()
            .max(200)
            .optional()
            .openapi({ description: `\`${next}\` of the previous page; absent for the first page` }),
  });
}

/** ?limit= (1–100, default 20) and ?cursor= (checked with the query). */
export const PageQuery = pageQuery();

const NextCursor = z.string().nullable().openapi({ description: "Pass as `cursor` for the next page" });

/** `{ items, nextCursor }`: one page of a list; the cursor is null on the last page. */
export function pageOf<T extends z.ZodType>(
  item: T,
  name: string,
): z.ZodObject<{ items: z.ZodArray<T>; nextCursor: typeof NextCursor }>;
/** `{ items, <next> }`, for a list that names its cursor otherwise. */
export function pageOf<T extends z.ZodType, K extends string>(
  item: T,
  name: string,
  next: K,
): z.ZodObject<{ items: z.ZodArray<T> } & { [P in K]: typeof NextCursor }>;
export function pageOf(item: z.ZodType, name: string, next = "nextCursor") {
  return z.object({ items: z.array(item), [next]: NextCursor }).openapi(name);
}
