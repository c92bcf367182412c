import { z } from "@hono/zod-openapi";
import { cityOf, isCalendarDate } from "@pes/core";
import { CityCode, DistrictCode, ReportingPeriod } from "@pes/schemas";
import { INDICATOR_CODES } from "../../domain/indicators/catalogue.js";
import type { Scope } from "../../domain/indicators/compute.js";

/** ISO 8601 with its offset; 24:00 is the end of a day (the instant a report covering that day was due). */
const INSTANT =
  /^\d{4}-\d{2}-\d{2}T(?:(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?|24:00(?::00(?:\.0+)?)?)(?:Z|[+-]\d{2}:\d{2})$/;

export const AsOf = z
  .string()
  .regex(INSTANT, "Write the instant as ISO 8601 with its offset, e.g. 2025-06-30T24:00+08:00")
  // Date.parse rolls 2025-02-30 over into March: the day must be one of its month.
  .refine((s) => isCalendarDate(s.slice(0, 10)), "Not a day of the calendar")
  .meta({
    description:
      "The table as it stood at this instant: only what the hub had received by then, as it stood then (late and revised records after it left out); the answer carries today's table beside it",
    example: "2025-06-30T24:00+08:00",
  });

export const TableQuery = z
  .object({
    city: CityCode.optional().meta({ description: "A city; without it, the province" }),
    district: DistrictCode.optional().meta({ description: "A district of the city" }),
    period: ReportingPeriod,
    asOf: AsOf.optional(),
  })
  .refine((q) => !q.district || q.city, { path: ["district"], message: "A district needs its city" })
  .refine((q) => !q.district || !q.city || cityOf(q.district) === cityOf(q.city), {
    path: ["district"],
    message: "The district is not in the city",
  });

function scopeOf(q: { city?: string | undefined; district?: string | undefined }): Scope {
  if (!q.city) return { level: "province" };
  return q.district
    ? { level: "city", cityCode: q.city, districtCode: q.district }
    : { level: "city", cityCode: q.city };
}

/** What the table is asked for: its scope, its period, and the instant it is asked as of. */
export function tableInputOf(q: {
  city?: string | undefined;
  district?: string | undefined;
  period: string;
  asOf?: string | undefined;
}) {
  return {
    scope: scopeOf(q),
    period: q.period,
    asOf: q.asOf === undefined ? undefined : new Date(Date.parse(q.asOf)),
  };
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

const IndicatorGroups = z.array(
  z.object({ level1: z.string(), level2: z.string(), indicators: z.array(IndicatorRowSchema) }),
);

export const IndicatorTableSchema = z
  .object({
    scope: z.object({ city: z.string().nullable(), district: z.string().nullable() }),
    period: z.string(),
    groups: IndicatorGroups.openapi({ description: "The table as the hub knows it now" }),
    asOf: z
      .object({
        at: z.string().openapi({ description: "The instant asked for (UTC)" }),
        groups: IndicatorGroups.openapi({ description: "The table as it stood at that instant" }),
        changedSince: z
          .array(
            z.object({
              code: z.string(),
              atInstant: z.object({
                actual: z.number().nullable(),
                numerator: z.number().nullable(),
                denominator: z.number().nullable(),
              }),
              today: z.object({
                actual: z.number().nullable(),
                numerator: z.number().nullable(),
                denominator: z.number().nullable(),
              }),
            }),
          )
          .openapi({
            description: "The indicators whose figures changed since that instant (late or revised records)",
          }),
      })
      .optional()
      .openapi({ description: "Present when asOf was asked for" }),
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
