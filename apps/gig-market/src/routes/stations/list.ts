import { PageQuery, pageFrom, pageOf, readCursor } from "@pes/http";
import { newestFirst } from "@pes/sync";
import { and, eq, getTableColumns } from "drizzle-orm";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { stations } from "../../db/tables/markets.js";
import { v1Errors } from "../shared.js";
import { presentStation, StationView, tags } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/stations",
  tags,
  summary: "Your market's stations, newest first",
  access: market,
  request: { query: PageQuery },
  responses: {
    200: {
      description: "One page",
      content: { "application/json": { schema: pageOf(StationView, "StationPage") } },
    },
    ...v1Errors,
  },
});

export function registerListStations(app: App): void {
  app.openapi(route, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const keys = newestFirst(stations.createdAt, stations.id);
    const rows = await c
      .get("services")
      .db.db.select({ ...getTableColumns(stations), cursorAt: keys.at })
      .from(stations)
      .where(and(eq(stations.marketId, c.get("market").id), keys.after(readCursor(cursor))))
      .orderBy(...keys.orderBy)
      .limit(limit + 1);
    const page = pageFrom(rows, limit);
    return c.json({ items: page.rows.map(presentStation), nextCursor: page.nextCursor }, 200);
  });
}
