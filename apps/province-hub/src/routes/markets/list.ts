import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { CityCode } from "@pes/schemas";
import { asc, eq } from "drizzle-orm";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { gigMarkets } from "../../db/tables/needs.js";
import { registerPutGigMarket } from "./register.js";
import { Market, marketOut } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/gig-markets",
  tags: ["Streams 数据流"],
  summary:
    "The gig markets known to the province (registered or reporting), and the districts the hub sends them flow-back for",
  description:
    "The hub learns a market, and its area, from the gig events it publishes on its own pes.gig.{marketId}.events; an operator registers a market and flags it standardised with PUT /v1/gig-markets/{marketId} (lastSeenAt null: it has not reported yet).",
  access: readers,
  request: { query: z.object({ city: CityCode.optional() }) },
  responses: {
    200: {
      description: "By market id",
      content: { "application/json": { schema: z.object({ items: z.array(Market) }) } },
    },
    ...errorResponses,
  },
});

export function registerGigMarkets(app: App): void {
  app.openapi(route, async (c) => {
    const { city } = c.req.valid("query");
    const rows = await c
      .get("services")
      .db.db.select()
      .from(gigMarkets)
      .where(city ? eq(gigMarkets.cityCode, city) : undefined)
      .orderBy(asc(gigMarkets.marketId));
    return c.json({ items: rows.map(marketOut) }, 200);
  });
  registerPutGigMarket(app);
}
