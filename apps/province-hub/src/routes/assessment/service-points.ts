import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { CityCode, DistrictCode, reportingCityOf } from "@pes/schemas";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { assessArea } from "../../use-cases/assessment/area.js";
import { assessmentXlsx } from "../../use-cases/assessment/export.js";
import { assessServicePoints } from "../../use-cases/assessment/service-points.js";
import { useCaseContext } from "../context.js";

const Quarter = z.string().regex(/^\d{4}-Q[1-4]$/, "a quarter such as 2025-Q1");

/** A city, or one of its districts, and a quarter. */
const Scope = z
  .object({
    city: CityCode,
    district: DistrictCode.optional().meta({
      description: "One district of the city; the whole city without it",
    }),
    quarter: Quarter,
  })
  .superRefine((q, ctx) => {
    if (q.district && reportingCityOf(q.district) !== q.city)
      ctx.addIssue({
        code: "custom",
        path: ["district"],
        message: `District ${q.district} is not in city ${q.city}`,
      });
  });

const AreaFigures = z
  .object({
    areaCode: z.string(),
    vouchersRedeemed: z.object({ count: z.number().int(), amountFen: z.number().int() }).openapi({
      description:
        "就业券 redeemed in the quarter (China time) by the area's holders, and their amount in fen",
    }),
    startupTrainees: z.number().int().openapi({ description: "创业培训: persons enrolled in the quarter" }),
    startups: z
      .number()
      .int()
      .openapi({ description: "创业: persons who started a business (个体经营, 创办企业)" }),
    graduatesHelped: z.number().int().openapi({
      description: "Graduates (college-graduate ledger) who started work in the quarter after a service",
    }),
    network: z
      .object({
        asOf: z.string(),
        communities: z.number().int(),
        covered: z.number().int(),
        coverageRate: z
          .number()
          .nullable()
          .openapi({ description: "Percent of communities with a point; target ≥ 90" }),
        coverageMet: z.boolean().nullable(),
        points: z.number().int(),
        staffedPoints: z.number().int(),
        staff: z.number().int(),
        everyPointStaffed: z
          .boolean()
          .nullable()
          .openapi({ description: "Target: at least 1 staff member per point" }),
        population: z.number().int().nullable(),
        peoplePerStaff: z.number().int().nullable(),
        staffingMet: z
          .boolean()
          .nullable()
          .openapi({ description: "Target: about 1 staff member per 3,000 people" }),
      })
      .nullable()
      .openapi({
        description:
          "From the newest service-network record of the city's node (as of its asOf); null until the node has sent one",
      }),
  })
  .openapi("AreaQuarter");

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
  summary:
    "Quarterly workload and outcomes per service point, and the area's, from platform data (annex 3 of the 2024 plan)",
  access: readers,
  request: { query: Scope },
  responses: {
    200: {
      description: "The area's figures, and per service point",
      content: { "application/json": { schema: z.object({ area: AreaFigures, items: z.array(Figures) }) } },
    },
    ...errorResponses,
  },
});

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const exportRoute = defineRoute({
  method: "get",
  path: "/v1/assessments/service-points.xlsx",
  tags: ["Assessment 考核"],
  summary: "The quarter's service point assessment as XLSX: a row per service point, and the area's figures",
  access: readers,
  request: { query: Scope },
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
    const scope = c.req.valid("query");
    const ctx = useCaseContext(c);
    const [area, items] = await Promise.all([assessArea(ctx, scope), assessServicePoints(ctx, scope)]);
    return c.json({ area, items }, 200);
  });
  app.openapi(exportRoute, async (c) => {
    const scope = c.req.valid("query");
    const ctx = useCaseContext(c);
    const name = `service-points-${scope.district ?? scope.city}-${scope.quarter}`;
    const [area, items] = await Promise.all([assessArea(ctx, scope), assessServicePoints(ctx, scope)]);
    const file = await assessmentXlsx(items, area, name);
    return c.body(file as Uint8Array<ArrayBuffer>, 200, {
      "content-type": XLSX,
      "content-disposition": `attachment; filename="${name}.xlsx"`,
    });
  });
}
