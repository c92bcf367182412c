import type { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import type { IndicatorRow } from "../../domain/indicators/compute.js";
import { indicatorTable } from "../../use-cases/indicators/store.js";
import { useCaseContext } from "../context.js";
import { IndicatorTableSchema, TableQuery, tableInputOf } from "./schema.js";

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

const figuresOfRow = (r: IndicatorRow) => ({
  actual: r.actual,
  numerator: r.numerator,
  denominator: r.denominator,
});

/** The indicators whose figures differ between the table then and now. */
function changes(then: readonly IndicatorRow[], now: readonly IndicatorRow[]) {
  const before = new Map(then.map((r) => [r.code, figuresOfRow(r)]));
  return now.flatMap((r) => {
    const was = before.get(r.code)!;
    const is = figuresOfRow(r);
    const same =
      was.actual === is.actual && was.numerator === is.numerator && was.denominator === is.denominator;
    return same ? [] : [{ code: r.code, atInstant: was, today: is }];
  });
}

export function registerGetIndicators(app: App): void {
  app.openapi(route, async (c) => {
    const query = c.req.valid("query");
    const ctx = useCaseContext(c);
    const { asOf: at, ...input } = tableInputOf(query);
    const [rows, then] = await Promise.all([
      indicatorTable(ctx, input),
      at ? indicatorTable(ctx, { ...input, asOf: at }) : undefined,
    ]);
    const body: z.infer<typeof IndicatorTableSchema> = {
      scope: { city: query.city ?? null, district: query.district ?? null },
      period: query.period,
      groups: grouped(rows),
      ...(at && then
        ? { asOf: { at: at.toISOString(), groups: grouped(then), changedSince: changes(then, rows) } }
        : {}),
    };
    return c.json(body, 200);
  });
}
