import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { indicatorCsv, indicatorXlsx } from "../../use-cases/indicators/export.js";
import { indicatorTable } from "../../use-cases/indicators/store.js";
import { useCaseContext } from "../context.js";
import { TableQuery, tableInputOf } from "./schema.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const exportRoute = (format: "csv" | "xlsx") =>
  defineRoute({
    method: "get",
    path: `/v1/indicators/export.${format}`,
    tags: ["Indicators 绩效指标"],
    summary: `The indicator table as ${format.toUpperCase()}`,
    access: readers,
    request: { query: TableQuery },
    responses: {
      200: {
        description: `One row per indicator (${format.toUpperCase()})`,
        content: {
          [format === "csv" ? "text/csv" : XLSX]: { schema: z.string().openapi({ format: "binary" }) },
        },
      },
      ...errorResponses,
    },
  });

/** The file of a table as of an instant says so in its name (the report as it was filed). */
const fileName = (
  q: { city?: string | undefined; district?: string | undefined; period: string },
  asOf?: Date,
) =>
  `indicators-${q.district ?? q.city ?? "350000"}-${q.period}${asOf ? `-asof-${asOf.toISOString().replace(/[:.]/g, "")}` : ""}`;

export function registerIndicatorExports(app: App): void {
  app.openapi(exportRoute("csv"), async (c) => {
    const query = c.req.valid("query");
    const input = tableInputOf(query);
    const rows = await indicatorTable(useCaseContext(c), input);
    return c.body(indicatorCsv(rows), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName(query, input.asOf)}.csv"`,
    });
  });
  app.openapi(exportRoute("xlsx"), async (c) => {
    const query = c.req.valid("query");
    const input = tableInputOf(query);
    const rows = await indicatorTable(useCaseContext(c), input);
    const name = fileName(query, input.asOf);
    const file = await indicatorXlsx(rows, name);
    return c.body(file as Uint8Array<ArrayBuffer>, 200, {
      "content-type": XLSX,
      "content-disposition": `attachment; filename="${name}.xlsx"`,
    });
  });
}
