import { z } from "@hono/zod-openapi";
import { CursorQuery } from "@pes/http";

// The cursor itself (its text, its check, the page cut and the SQL after it) is the one every
// service shares: CursorQuery, readCursor and pageFrom of @pes/http, newestFirst of @pes/sync.

/** ?limit= and ?cursor= of every list. */
export const PageQuery = z.object({
  limit: z.coerce
    .number({ error: "must be a number from 1 to 100" })
    .int("must be a whole number")
    .min(1, "must be from 1 to 100")
    .max(100, "must be from 1 to 100")
    .default(20)
    .openapi({ description: "Items per page, 1–100" }),
  cursor: CursorQuery,
});

/** `{ items, nextCursor }` of a list's items; nextCursor is null on the last page. */
export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page" }),
    })
    .openapi(name);
