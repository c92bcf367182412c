import { PageQuery, pageFrom, pageOf, readCursor } from "@pes/http";
import { newestFirst } from "@pes/sync";
import { and, eq, getTableColumns } from "drizzle-orm";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { workers } from "../../db/tables/workers.js";
import { v1Errors } from "../shared.js";
import { presentWorker, StatusQuery, tags, WorkerView } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/workers",
  tags,
  summary: "Your market's workers, newest first, masked, optionally of one status",
  access: market,
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
    const keys = newestFirst(workers.createdAt, workers.id);
    const rows = await db.db
      .select({ ...getTableColumns(workers), cursorAt: keys.at })
      .from(workers)
      .where(
        and(
          eq(workers.marketId, c.get("market").id),
          status ? eq(workers.status, status) : undefined,
          keys.after(readCursor(cursor)),
        ),
      )
      .orderBy(...keys.orderBy)
      .limit(limit + 1);
    const page = pageFrom(rows, limit);
    return c.json(
      { items: page.rows.map((r) => presentWorker(r, cipher)), nextCursor: page.nextCursor },
      200,
    );
  });
}
