import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { CityCode } from "@pes/schemas";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { assessmentXlsx } from "../../use-cases/assessment/export.js";
import { assessServicePoints } from "../../use-cases/assessment/service-points.js";
import { useCaseContext } from "../context.js";

const Quarter = z.string().regex(/^\d{4}-Q[1-4]$/, "a quarter such as 2025-Q1");

const Figures = z
  .object({
    servicePointId: z.string(),
    registrations: z.object({
      employment: z.number(),
      unemployment: z.number(),
      jobSeeker: z.number(),
      difficultyRecognition: z.number(),
    }),
    services: z
      .record(z.string(), z.number())
      .openapi({ description: "Service records by type (职业指导, 推荐岗位, 跟踪调查…)" }),
    outcomes: z.object({
      placedAfterReferral: z.number(),
      ratings: z.number(),
      satisfiedRatings: z.number(),
      satisfiedRate: z.number().nullable(),
    }),
  })
  .openapi("ServicePointQuarter");

const route = defineRoute({
  method: "get",
  path: "/v1/assessments/service-points",
  tags: ["Assessment 考核"],
  summary: "Quarterly workload and outcomes per service point, from platform data (annex 3 of the 2024 plan)",
  access: readers,
  request: { query: z.object({ city: CityCode, quarter: Quarter }) },
  responses: {
    200: {
      description: "Per service point",
      content: { "application/json": { schema: z.object({ items: z.array(Figures) }) } },
    },
    ...errorResponses,
  },
});

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const exportRoute = defineRoute({
  method: "get",
  path: "/v1/assessments/service-points.xlsx",
  tags: ["Assessment 考核"],
  summary: "The quarter's service point assessment as XLSX: a row per service point",
  access: readers,
  request: { query: z.object({ city: CityCode, quarter: Quarter }) },
  responses: {
    200: {
      description: "The assessment (XLSX)",
      content: { [XLSX]: { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...errorResponses,
  },
});

export function registerServicePointAssessment(app: App): void {
  app.openapi(route, async (c) => {
    const { city, quarter } = c.req.valid("query");
    return c.json({ items: await assessServicePoints(useCaseContext(c), { city, quarter }) }, 200);
  });
  app.openapi(exportRoute, async (c) => {
    const { city, quarter } = c.req.valid("query");
    const name = `service-points-${city}-${quarter}`;
    const file = await assessmentXlsx(await assessServicePoints(useCaseContext(c), { city, quarter }), name);
    return c.body(file as Uint8Array<ArrayBuffer>, 200, {
      "content-type": XLSX,
      "content-disposition": `attachment; filename="${name}.xlsx"`,
    });
  });
}
