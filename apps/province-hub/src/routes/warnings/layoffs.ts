import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { FujianDivisionCode, IsoDate } from "@pes/schemas";
import { and, desc, eq, gte, type SQL } from "drizzle-orm";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { layoffWarnings } from "../../db/tables/warnings.js";
import { categoryNameOf } from "./slices.js";

const LayoffWarning = z
  .object({
    recordId: z.string(),
    revision: z.number().int(),
    cityCode: z.string(),
    districtCode: z.string().nullable(),
    enterpriseName: z.string(),
    creditCode: z.string(),
    industry: z.string(),
    industryName: z
      .string()
      .nullable()
      .openapi({ description: "The industry's GB/T 4754 section, in Chinese" }),
    kind: z.enum(["layoff", "reduction"]),
    persons: z.number().int(),
    workforce: z.number().int().nullable(),
    share: z.number().nullable().openapi({ description: "persons / workforce, when the workforce is known" }),
    reportedOn: z.string(),
    effectiveOn: z.string(),
    raisedAt: z.string(),
  })
  .openapi("LayoffWarning");

const route = defineRoute({
  method: "get",
  path: "/v1/warnings/layoffs",
  tags: ["Early warning 失业风险预警"],
  summary: "Enterprises whose layoff report is large (规模性裁员), warned as the report arrived",
  description:
    "A report of 20 persons or more, or of fewer that are 10 % or more of the workforce (Labour Contract Law art. 41; PES_LAYOFF_MIN_PERSONS, PES_LAYOFF_MIN_SHARE); its newest revision decides.",
  access: readers,
  request: {
    query: z.object({
      area: FujianDivisionCode.optional().meta({
        description: "A city or district; its districts are included",
      }),
      since: IsoDate.optional().meta({ description: "Reductions effective on or after this day" }),
    }),
  },
  responses: {
    200: {
      description: "Layoff warnings, the most recent reduction first",
      content: { "application/json": { schema: z.object({ items: z.array(LayoffWarning) }) } },
    },
    ...errorResponses,
  },
});

export function registerLayoffWarnings(app: App): void {
  app.openapi(route, async (c) => {
    const { area, since } = c.req.valid("query");
    const where: (SQL | undefined)[] = [];
    if (area)
      // A warning names its city and district: a city matches its own, a district its own.
      where.push(eq(area.endsWith("00") ? layoffWarnings.cityCode : layoffWarnings.districtCode, area));
    if (since) where.push(gte(layoffWarnings.effectiveOn, since));
    const rows = await c
      .get("services")
      .db.db.select()
      .from(layoffWarnings)
      .where(and(...where))
      .orderBy(desc(layoffWarnings.effectiveOn), desc(layoffWarnings.persons))
      .limit(500);
    return c.json(
      {
        items: rows.map(({ updatedAt: _, ...r }) => ({
          ...r,
          kind: r.kind as "layoff" | "reduction",
          industryName: categoryNameOf("industry", r.industry.slice(0, 1)),
          share: r.workforce ? r.persons / r.workforce : null,
          raisedAt: r.raisedAt.toISOString(),
        })),
      },
      200,
    );
  });
}
