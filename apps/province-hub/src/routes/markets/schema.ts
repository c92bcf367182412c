import { z } from "@hono/zod-openapi";
import type { gigMarkets } from "../../db/tables/needs.js";

export const Market = z
  .object({
    marketId: z.string(),
    cityCode: z.string(),
    districtCodes: z
      .array(z.string())
      .openapi({ description: "Where its gig work lies: its flow-back area" }),
    lastSeenAt: z
      .string()
      .nullable()
      .openapi({ description: "When the hub last applied a gig event of the market; null: never reported" }),
    districtCode: z.string().nullable().openapi({ description: "The district it is registered in" }),
    name: z.string().nullable(),
    standardised: z.boolean().openapi({ description: "规范化零工市场, as an operator registered it" }),
    registeredBy: z.string().nullable(),
    registeredAt: z.string().nullable(),
  })
  .openapi("KnownGigMarket");

export const marketOut = (r: typeof gigMarkets.$inferSelect) => ({
  ...r,
  districtCodes: [...r.districtCodes].sort(),
  lastSeenAt: r.lastSeenAt?.toISOString() ?? null,
  registeredAt: r.registeredAt?.toISOString() ?? null,
});
