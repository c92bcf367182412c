import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { FujianDivisionCode } from "@pes/schemas";
import { and, desc, eq, gte, like, or, type SQL } from "drizzle-orm";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { riskWarnings } from "../../db/tables/warnings.js";

const Warning = z
  .object({
    areaCode: z.string(),
    month: z.string(),
    registrations: z.number().int(),
    baseline: z.number(),
    rise: z.number().openapi({ description: "registrations / baseline - 1" }),
    threshold: z.number(),
    raisedAt: z.string(),
  })
  .openapi("RiskWarning");

const route = defineRoute({
  method: "get",
  path: "/v1/warnings",
  tags: ["Early warning 失业风险预警"],
  summary: "Areas whose new unemployment registrations rose above their recent average",
  access: readers,
  request: {
    query: z.object({
      area: FujianDivisionCode.optional().meta({
        description: "A city or district; its districts are included",
      }),
      since: z
        .string()
        .regex(/^\d{4}-\d{2}$/, "a month such as 2025-01")
        .optional(),
    }),
  },
  responses: {
    200: {
      description: "Warnings, newest month first",
      content: { "application/json": { schema: z.object({ items: z.array(Warning) }) } },
    },
    ...errorResponses,
  },
});

export function registerWarnings(app: App): void {
  app.openapi(route, async (c) => {
    const { area, since } = c.req.valid("query");
    const where: (SQL | undefined)[] = [];
    // A city's districts share its first four digits; a district matches itself.
    if (area)
      where.push(
        area.endsWith("00")
          ? or(eq(riskWarnings.areaCode, area), like(riskWarnings.areaCode, `${area.slice(0, 4)}%`))
          : eq(riskWarnings.areaCode, area),
      );
    if (since) where.push(gte(riskWarnings.month, since));
    const rows = await c
      .get("services")
      .db.db.select()
      .from(riskWarnings)
      .where(and(...where))
      .orderBy(desc(riskWarnings.month), desc(riskWarnings.rise))
      .limit(500);
    return c.json(
      { items: rows.map((r) => ({ ...r, raisedAt: r.raisedAt.toISOString(), id: undefined })) },
      200,
    );
  });
}
