import { PageQuery, pageFrom, pageOf, readCursor } from "@pes/http";
import { newestFirst } from "@pes/sync";
import { and, eq, getTableColumns, gt } from "drizzle-orm";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { placements } from "../../db/tables/placements.js";
import { v1Errors } from "../shared.js";
import { PlacementQuery, PlacementView, presentPlacement, tags } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/placements",
  tags,
  summary: "Your market's placements, newest first; ?arrears=true lists wage arrears (欠薪)",
  access: market,
  request: { query: PageQuery.extend(PlacementQuery.shape) },
  responses: {
    200: {
      description: "One page",
      content: { "application/json": { schema: pageOf(PlacementView, "PlacementPage") } },
    },
    ...v1Errors,
  },
});

export function registerListPlacements(app: App): void {
  app.openapi(route, async (c) => {
    const { limit, cursor, status, postingId, workerId, arrears } = c.req.valid("query");
    const { db, cipher } = c.get("services");
    const keys = newestFirst(placements.createdAt, placements.id);
    const rows = await db.db
      .select({ ...getTableColumns(placements), cursorAt: keys.at })
      .from(placements)
      .where(
        and(
          eq(placements.marketId, c.get("market").id),
          status ? eq(placements.status, status) : undefined,
          postingId ? eq(placements.postingId, postingId) : undefined,
          workerId ? eq(placements.workerId, workerId) : undefined,
          arrears === "true" ? gt(placements.arrearsFen, 0) : undefined,
          keys.after(readCursor(cursor)),
        ),
      )
      .orderBy(...keys.orderBy)
      .limit(limit + 1);
    const page = pageFrom(rows, limit);
    return c.json(
      { items: page.rows.map((r) => presentPlacement(r, cipher)), nextCursor: page.nextCursor },
      200,
    );
  });
}
