import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { FujianDivisionCode } from "@pes/schemas";
import { and, desc, eq, gte, type SQL } from "drizzle-orm";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { riskWarnings } from "../../db/tables/warnings.js";
import { categoryNameOf, inArea } from "./slices.js";

const Dimension = z.enum(["area", "group", "industry"]);

const Warning = z
  .object({
    areaCode: z.string(),
    dimension: Dimension,
    category: z.string().openapi({
      description:
        "'' for the whole area; a key group (college-graduate …) or a GB/T 4754 section letter (C …)",
    }),
    categoryName: z.string().nullable().openapi({ description: "The category's Chinese name" }),
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
  summary:
    "Areas whose new unemployment registrations rose above their recent average: all, by key group or by industry",
  description:
    "dimension=area (the default) counts every registration of the area; group counts each key group's, industry the registrations whose last job was in each GB/T 4754 section (unemployment-registration v2's lastJobIndustry). Enterprise layoffs warn at once: GET /v1/warnings/layoffs.",
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
      dimension: Dimension.default("area"),
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
    const { area, since, dimension } = c.req.valid("query");
    const where: (SQL | undefined)[] = [eq(riskWarnings.dimension, dimension)];
    if (area) where.push(inArea(riskWarnings.areaCode, area));
    if (since) where.push(gte(riskWarnings.month, since));
    const rows = await c
      .get("services")
      .db.db.select()
      .from(riskWarnings)
      .where(and(...where))
      .orderBy(desc(riskWarnings.month), desc(riskWarnings.rise))
      .limit(500);
    return c.json(
      {
        items: rows.map(({ id: _, updatedAt: __, ...r }) => ({
          ...r,
          dimension: r.dimension as z.infer<typeof Dimension>,
          categoryName: categoryNameOf(r.dimension, r.category),
          raisedAt: r.raisedAt.toISOString(),
        })),
      },
      200,
    );
  });
}
