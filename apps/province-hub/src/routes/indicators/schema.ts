import { z } from "@hono/zod-openapi";
import { cityOf } from "@pes/core";
import { CityCode, DistrictCode, ReportingPeriod } from "@pes/schemas";
import { INDICATOR_CODES } from "../../domain/indicators/catalogue.js";
import type { Scope } from "../../domain/indicators/compute.js";

export const TableQuery = z
  .object({
    city: CityCode.optional().meta({ description: "A city; without it, the province" }),
    district: DistrictCode.optional().meta({ description: "A district of the city" }),
    period: ReportingPeriod,
  })
  .refine((q) => !q.district || q.city, { path: ["district"], message: "A district needs its city" })
  .refine((q) => !q.district || !q.city || cityOf(q.district) === cityOf(q.city), {
    path: ["district"],
    message: "The district is not in the city",
  });

export function scopeOf(q: { city?: string | undefined; district?: string | undefined }): Scope {
  if (!q.city) return { level: "province" };
  return q.district
    ? { level: "city", cityCode: q.city, districtCode: q.district }
    : { level: "city", cityCode: q.city };
}

export const IndicatorRowSchema = z
  .object({
    code: z.string(),
    level1: z.string(),
    level2: z.string(),
    nameZh: z.string(),
    unit: z.string(),
    comparator: z.string(),
    source: z.string(),
    period: z.string(),
    actual: z.number().nullable(),
    numerator: z.number().nullable(),
    denominator: z.number().nullable(),
    target: z.number().nullable(),
    periodTarget: z.number().nullable().openapi({ description: "Pro-rated for a cumulative quantity" }),
    targetSource: z.string().nullable(),
    attainment: z.enum(["met", "on-track", "behind", "not-measurable"]),
    reason: z.string().nullable().openapi({ description: "Why it is not measurable" }),
    reasonCode: z
      .enum(["no-records", "denominator-zero", "no-declaration", "not-additive", "no-target"])
      .nullable()
      .optional()
      .openapi({
        description:
          "Why it is not measurable, as a code: no-records (the area sent nothing in the period), denominator-zero, no-declaration, not-additive (a declared-per-city value that does not add up for the province), no-target",
      }),
    reasonParams: z
      .record(z.string(), z.string())
      .nullable()
      .optional()
      .openapi({
        description:
          "What the reason is about, for a message built from reasonCode: code and period (no-declaration), code (not-additive), component (denominator-zero), year (no-target); null when the reason needs none",
        example: { code: "labor_input_bases", period: "2025-Q1" },
      }),
    provenance: z.object({
      records: z.number().int(),
      nodes: z.array(z.string()).openapi({ description: "CloudEvents sources of the records" }),
      asOf: z.string().nullable(),
      declarations: z.array(
        z.object({
          code: z.string(),
          period: z.string(),
          value: z.number(),
          declaredBy: z.string(),
          declaredAt: z.string(),
          source: z.string(),
        }),
      ),
    }),
  })
  .openapi("IndicatorRow");

export const IndicatorTableSchema = z
  .object({
    scope: z.object({ city: z.string().nullable(), district: z.string().nullable() }),
    period: z.string(),
    groups: z.array(
      z.object({ level1: z.string(), level2: z.string(), indicators: z.array(IndicatorRowSchema) }),
    ),
  })
  .openapi("IndicatorTable");

export const TargetsBody = z
  .object({
    targets: z
      .record(z.string(), z.number().finite())
      .refine((t) => Object.keys(t).length > 0, "Give at least one target")
      .superRefine((t, ctx) => {
        for (const code of Object.keys(t))
          if (!INDICATOR_CODES.includes(code))
            ctx.addIssue({
              code: "custom",
              path: [code],
              message: `${code} is not an indicator of the catalogue`,
            });
      })
      .openapi({ example: { new_employment: 12, pes_satisfaction: 92 } }),
  })
  .openapi("TargetTableInput");
