import { createRoute } from "@hono/zod-openapi";
import { and, desc, eq } from "drizzle-orm";
import type { App } from "../../app.js";
import { workers } from "../../db/tables/workers.js";
import { afterCursor, PageQuery, pageFrom, pageOf } from "../../http/pagination.js";
import { bearer, v1Errors } from "../shared.js";
import { presentWorker, StatusQuery, tags, WorkerView } from "./schema.js";

const route = createRoute({
  method: "get",
  path: "/v1/workers",
  tags,
  summary: "Your market's workers, newest first, masked, optionally of one status",
  security: bearer,
  request: { query: PageQuery.extend(StatusQuery.shape) },
  responses: {
    200: {
      description: "One page",
      content: { "application/json": { schema: pageOf(WorkerView, "WorkerPage") } },
    },
    ...v1Errors,
  },
});

export function registerListWorkers(app: App): void {
  app.openapi(route, async (c) => {
    const { limit, cursor, status } = c.req.valid("query");
    const { db, cipher } = c.get("services");
    const rows = await db.db
      .select()
      .from(workers)
      .where(
        and(
          eq(workers.marketId, c.get("market").id),
          status ? eq(workers.status, status) : undefined,
          afterCursor(workers, cursor),
        ),
      )
      .orderBy(desc(workers.createdAt), desc(workers.id))
      .limit(limit + 1);
    const page = pageFrom(rows, limit);
    return c.json(
      { items: page.rows.map((r) => presentWorker(r, cipher)), nextCursor: page.nextCursor },
      200,
    );
  });
}
