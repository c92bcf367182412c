import { z } from "@hono/zod-openapi";
import { type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

interface Cursor {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where the previous page ended: its last row's creation time and id, opaque to the caller. */
export const encodeCursor = (row: Cursor) =>
  Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");

export function decodeCursor(text: string): Cursor | undefined {
  try {
    const [at, id] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown[];
    const createdAt = new Date(String(at));
    if (
      typeof at !== "string" ||
      Number.isNaN(createdAt.getTime()) ||
      typeof id !== "string" ||
      !UUID.test(id)
    )
      return undefined;
    return { createdAt, id };
  } catch {
    return undefined;
  }
}

/** ?limit= and ?cursor= of every list. */
export const PageQuery = z.object({
  limit: z.coerce
    .number({ error: "must be a number from 1 to 100" })
    .int("must be a whole number")
    .min(1, "must be from 1 to 100")
    .max(100, "must be from 1 to 100")
    .default(20)
    .openapi({ description: "Items per page, 1–100" }),
  cursor: z
    .string()
    .max(200)
    .refine((c) => decodeCursor(c) !== undefined, "is not a cursor this API returned")
    .optional()
    .openapi({ description: "`nextCursor` of the previous page; absent for the first page" }),
});

/** `{ items, nextCursor }` of a list's items; nextCursor is null on the last page. */
export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page" }),
    })
    .openapi(name);

/** Rows after the cursor, newest first; order by (createdAt desc, id desc) and fetch limit + 1 rows. */
export function afterCursor(
  columns: { createdAt: PgColumn; id: PgColumn },
  cursor?: string,
): SQL | undefined {
  const at = cursor === undefined ? undefined : decodeCursor(cursor);
  if (!at) return undefined;
  return sql`(${columns.createdAt}, ${columns.id}) < (${at.createdAt.toISOString()}::timestamptz, ${at.id}::uuid)`;
}

/** The page of `limit` rows out of limit + 1 fetched, and the cursor of the next page. */
export function pageFrom<R extends Cursor>(
  rows: R[],
  limit: number,
): { rows: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
