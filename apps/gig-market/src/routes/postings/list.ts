import { PageQuery, pageFrom, pageOf, readCursor } from "@pes/http";
import { newestFirst } from "@pes/sync";
import { and, eq, getTableColumns } from "drizzle-orm";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { postings } from "../../db/tables/postings.js";
import { v1Errors } from "../shared.js";
import { PostingView, presentPosting, StatusQuery, tags } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/postings",
  tags,
  summary: "Your market's postings, newest first, optionally of one status",
  access: market,
  request: { query: PageQuery.extend(StatusQuery.shape) },
  responses: {
    200: {
      description: "One page",
      content: { "application/json": { schema: pageOf(PostingView, "GigPostingPage") } },
    },
    ...v1Errors,
  },
});

export function registerListPostings(app: App): void {
  app.openapi(route, async (c) => {
    const { limit, cursor, status } = c.req.valid("query");
    const { db, cipher } = c.get("services");
    const keys = newestFirst(postings.createdAt, postings.id);
    const rows = await db.db
      .select({ ...getTableColumns(postings), cursorAt: keys.at })
      .from(postings)
      .where(
        and(
          eq(postings.marketId, c.get("market").id),
          status ? eq(postings.status, status) : undefined,
          keys.after(readCursor(cursor)),
        ),
      )
      .orderBy(...keys.orderBy)
      .limit(limit + 1);
    const page = pageFrom(rows, limit);
    return c.json(
      { items: page.rows.map((r) => presentPosting(r, cipher)), nextCursor: page.nextCursor },
      200,
    );
  });
}
