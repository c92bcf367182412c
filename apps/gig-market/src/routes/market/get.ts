import { z } from "@hono/zod-openapi";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { Instant, v1Errors } from "../shared.js";

export const MarketView = z
  .object({
    id: z.string().openapi({ example: "xm-siming-gig" }),
    name: z.string().openapi({ example: "思明零工市场" }),
    cityCode: z.string().openapi({ example: "350200" }),
    districtCode: z.string().nullable().openapi({ example: "350203" }),
    createdAt: Instant,
  })
  .openapi("Market");

const route = defineRoute({
  method: "get",
  path: "/v1/market",
  tags: ["Market 零工市场"],
  summary: "The market the API key belongs to",
  access: market,
  responses: {
    200: { description: "Your market", content: { "application/json": { schema: MarketView } } },
    ...v1Errors,
  },
});

export function registerGetMarket(app: App): void {
  app.openapi(route, (c) => {
    const m = c.get("market");
    return c.json(
      {
        id: m.id,
        name: m.name,
        cityCode: m.cityCode,
        districtCode: m.districtCode,
        createdAt: m.createdAt.toISOString(),
      },
      200,
    );
  });
}
