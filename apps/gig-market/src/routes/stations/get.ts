import { DomainError } from "@pes/core";
import { IdParam, problemResponse } from "@pes/http";
import { and, eq } from "drizzle-orm";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { stations } from "../../db/tables/markets.js";
import { v1Errors } from "../shared.js";
import { presentStation, StationView, tags } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/stations/{id}",
  tags,
  summary: "One of your market's stations",
  access: market,
  request: { params: IdParam },
  responses: {
    200: { description: "The station", content: { "application/json": { schema: StationView } } },
    404: problemResponse("Your market has no such station"),
    ...v1Errors,
  },
});

export function registerGetStation(app: App): void {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const [row] = await c
      .get("services")
      .db.db.select()
      .from(stations)
      .where(and(eq(stations.id, id), eq(stations.marketId, c.get("market").id)));
    if (!row) throw new DomainError("not_found", "station-not-found", `No station ${id}`);
    return c.json(presentStation(row), 200);
  });
}
