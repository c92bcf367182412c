import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { CityCode, DistrictCode, reportingCityOf } from "@pes/schemas";
import { sql } from "drizzle-orm";
import { defineRoute, writers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { gigMarkets } from "../../db/tables/needs.js";
import { Market, marketOut } from "./schema.js";

const Body = z
  .object({
    cityCode: CityCode,
    districtCode: DistrictCode.optional().openapi({
      description: "The district the market is registered in",
    }),
    name: z.string().min(1).max(100).optional(),
    standardised: z.boolean().openapi({
      description: "A standardised gig market (规范化零工市场): counted by the gig_markets indicator",
    }),
  })
  .superRefine((b, ctx) => {
    if (b.districtCode && reportingCityOf(b.districtCode) !== b.cityCode)
      ctx.addIssue({
        code: "custom",
        path: ["districtCode"],
        message: `District ${b.districtCode} is not in city ${b.cityCode}`,
      });
  })
  .openapi("GigMarketRegistration");

const route = defineRoute({
  method: "put",
  path: "/v1/gig-markets/{marketId}",
  tags: ["Streams 数据流"],
  summary: "Register a gig market at the hub, or change its area and standardised flag (operator, admin)",
  description:
    "The market registry: the gig_markets indicator (建设零工市场) counts the standardised markets registered for an area that report to the hub (have sent a gig event). Who registered it and when are kept.",
  access: writers,
  request: {
    params: z.object({ marketId: z.string().min(1).max(64) }),
    body: { required: true, content: { "application/json": { schema: Body } } },
  },
  responses: {
    200: { description: "The market as registered", content: { "application/json": { schema: Market } } },
    ...errorResponses,
  },
});

export function registerPutGigMarket(app: App): void {
  app.openapi(route, async (c) => {
    const { marketId } = c.req.valid("param");
    const body = c.req.valid("json");
    const by = c.get("operator").id;
    const values = {
      cityCode: body.cityCode,
      districtCode: body.districtCode ?? null,
      name: body.name ?? null,
      standardised: body.standardised,
      registeredBy: by,
      registeredAt: new Date(),
    };
    const [row] = await c
      .get("services")
      .db.db.insert(gigMarkets)
      .values({
        marketId,
        districtCodes: body.districtCode ? [body.districtCode] : [],
        lastSeenAt: null,
        ...values,
      })
      .onConflictDoUpdate({ target: gigMarkets.marketId, set: { ...values, registeredAt: sql`now()` } })
      .returning();
    return c.json(marketOut(row!), 200);
  });
}
