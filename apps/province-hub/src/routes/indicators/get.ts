import type { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import type { IndicatorRow } from "../../domain/indicators/compute.js";
import { indicatorTable } from "../../use-cases/indicators/store.js";
import { useCaseContext } from "../context.js";
import { IndicatorTableSchema, scopeOf, TableQuery } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/indicators",
  tags: ["Indicators 绩效指标"],
  summary: "The 27 indicators of a city, district or the province for a period, against their targets",
  access: readers,
  request: { query: TableQuery },
  responses: {
    200: {
      description: "Grouped as in the Xiamen table (一级/二级指标)",
      content: { "application/json": { schema: IndicatorTableSchema } },
    },
    ...errorResponses,
  },
});

/** The rows grouped by level1/level2, in the catalogue's order. */
export function grouped(rows: readonly IndicatorRow[]) {
  const groups: Array<{ level1: string; level2: string; indicators: IndicatorRow[] }> = [];
  for (const row of rows) {
    const last = groups.at(-1);
    if (last && last.level1 === row.level1 && last.level2 === row.level2) last.indicators.push(row);
    else groups.push({ level1: row.level1, level2: row.level2, indicators: [row] });
  }
  return groups;
}

export function registerGetIndicators(app: App): void {
  app.openapi(route, async (c) => {
    const query = c.req.valid("query");
    const rows = await indicatorTable(useCaseContext(c), {
      scope: scopeOf(query),
      period: query.period,
    });
    const body: z.infer<typeof IndicatorTableSchema> = {
      scope: { city: query.city ?? null, district: query.district ?? null },
      period: query.period,
      groups: grouped(rows),
    };
    return c.json(body, 200);
  });
}
