import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { CityCode } from "@pes/schemas";
import { asc, eq } from "drizzle-orm";
import type { App } from "../../app.js";
import { gigMarkets } from "../../db/tables/needs.js";

const Market = z
  .object({
    marketId: z.string(),
    cityCode: z.string(),
    districtCodes: z
      .array(z.string())
      .openapi({ description: "Where its gig work lies: its flow-back area" }),
    lastSeenAt: z.string().openapi({ description: "When the hub last applied a gig event of the market" }),
  })
  .openapi("KnownGigMarket");

const route = createRoute({
  method: "get",
  path: "/v1/gig-markets",
  tags: ["Streams 数据流"],
  summary: "The gig markets reporting to the province, and the districts the hub sends them flow-back for",
  description:
    "The hub learns a market, and its area, from the gig events it publishes on pes.gig.events; a market that never reported is not here.",
  security: [{ bearerAuth: [] }],
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
    const items = rows.map((r) => ({
      ...r,
      districtCodes: [...r.districtCodes].sort(),
      lastSeenAt: r.lastSeenAt.toISOString(),
    }));
    return c.json({ items }, 200);
  });
}
