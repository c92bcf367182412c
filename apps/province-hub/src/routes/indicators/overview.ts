import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { ReportingPeriod } from "@pes/schemas";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { overviewXlsx, provinceOverview } from "../../use-cases/indicators/overview.js";
import { useCaseContext } from "../context.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const OverviewQuery = z.object({ period: ReportingPeriod });

const Cell = z.object({
  actual: z.number().nullable(),
  target: z.number().nullable(),
  periodTarget: z.number().nullable().openapi({ description: "Pro-rated for a cumulative quantity" }),
  attainment: z.enum(["met", "on-track", "behind", "not-measurable"]),
  rank: z
    .number()
    .int()
    .nullable()
    .openapi({ description: "Among the cities, 1 the best by the comparator; ties share a rank (1224)" }),
});

const OverviewSchema = z
  .object({
    period: z.string(),
    indicators: z.array(
      z.object({ code: z.string(), nameZh: z.string(), unit: z.string(), comparator: z.string() }),
    ),
    areas: z
      .array(z.object({ code: z.string(), name: z.string(), cells: z.record(z.string(), Cell) }))
      .openapi({ description: "The province (350000) first, then the nine cities and 平潭 by code" }),
  })
  .openapi("IndicatorOverview");

const tags = ["Indicators 绩效指标"];
const overviewRoute = defineRoute({
  method: "get",
  path: "/v1/indicators/overview",
  tags,
  summary: "全省总览: the 27 indicators of every city and the province for a period, ranked per indicator",
  description:
    "Each area's figures are the ones GET /v1/indicators answers for it (city=<code>, or none for the province).",
  access: readers,
  request: { query: OverviewQuery },
  responses: {
    200: { description: "A row per area", content: { "application/json": { schema: OverviewSchema } } },
    ...errorResponses,
  },
});

const exportRoute = defineRoute({
  method: "get",
  path: "/v1/indicators/overview.xlsx",
  tags,
  summary: "全省总览 as XLSX: a row per area; actual (coloured by attainment), target and rank per indicator",
  access: readers,
  request: { query: OverviewQuery },
  responses: {
    200: {
      description: "The overview (XLSX)",
      content: { [XLSX]: { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...errorResponses,
  },
});

export function registerIndicatorOverview(app: App): void {
  app.openapi(overviewRoute, async (c) => {
    const { period } = c.req.valid("query");
    return c.json(await provinceOverview(useCaseContext(c), period), 200);
  });
  app.openapi(exportRoute, async (c) => {
    const { period } = c.req.valid("query");
    const file = await overviewXlsx(await provinceOverview(useCaseContext(c), period));
    return c.body(file as Uint8Array<ArrayBuffer>, 200, {
      "content-type": XLSX,
      "content-disposition": `attachment; filename="indicators-overview-${period}.xlsx"`,
    });
  });
}
