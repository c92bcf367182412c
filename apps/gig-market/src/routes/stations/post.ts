import { DomainError } from "@pes/core";
import { IdempotencyHeaders } from "@pes/http";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { stations } from "../../db/tables/markets.js";
import { outsideCityProblem } from "../../domain/area.js";
import { postErrors } from "../shared.js";
import { presentStation, StationInput, StationView, tags } from "./schema.js";

const route = defineRoute({
  method: "post",
  path: "/v1/stations",
  tags,
  summary: "Add a gig station (零工驿站) of your market",
  access: market,
  request: {
    headers: IdempotencyHeaders,
    body: { required: true, content: { "application/json": { schema: StationInput } } },
  },
  responses: {
    201: { description: "Added", content: { "application/json": { schema: StationView } } },
    ...postErrors,
  },
});

export function registerPostStation(app: App): void {
  app.openapi(route, async (c) => {
    const { name, divisionCode } = c.req.valid("json");
    const market = c.get("market");
    const problem = outsideCityProblem(divisionCode, market.cityCode);
    if (problem)
      throw new DomainError("invalid", "outside-market-city", `divisionCode ${divisionCode} ${problem}`, {
        errors: [{ path: "divisionCode", in: "body", message: problem }],
      });
    const [row] = await c
      .get("services")
      .db.db.insert(stations)
      .values({ marketId: market.id, name, divisionCode })
      .onConflictDoNothing()
      .returning();
    if (!row)
      throw new DomainError("conflict", "station-exists", `Your market already has a station named ${name}`);
    return c.json(presentStation(row), 201);
  });
}
