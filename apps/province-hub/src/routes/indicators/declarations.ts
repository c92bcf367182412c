import { randomUUID } from "node:crypto";
import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { CityCode, DistrictCode, ReportingPeriod } from "@pes/schemas";
import { defineRoute, writers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { DECLARABLE_CODES } from "../../domain/indicators/catalogue.js";
import type { Declaration } from "../../domain/indicators/compute.js";
import { declaredValueProblem } from "../../domain/indicators/declared-bounds.js";
import { storeDeclaration } from "../../use-cases/indicators/store.js";
import { useCaseContext } from "../context.js";

const DeclarationInput = z
  .object({
    cityCode: CityCode,
    districtCode: DistrictCode.optional(),
    indicatorCode: z.enum([...DECLARABLE_CODES] as [string, ...string[]]),
    period: ReportingPeriod,
    value: z.number().finite().openapi({
      description:
        "In the indicator's unit; never negative: a percentage at most 100, a count a whole number",
    }),
  })
  .superRefine((input, ctx) => {
    const problem = declaredValueProblem(input.indicatorCode, input.value);
    if (problem) ctx.addIssue({ code: "custom", path: ["value"], message: problem });
  })
  .openapi("DeclarationInput");

const DeclarationSchema = z
  .object({
    recordId: z.string(),
    code: z.string(),
    cityCode: z.string(),
    districtCode: z.string().nullable(),
    period: z.string(),
    value: z.number(),
    declaredBy: z.string(),
    declaredAt: z.string(),
    source: z.string(),
  })
  .openapi("Declaration");

const route = defineRoute({
  method: "post",
  path: "/v1/declarations",
  tags: ["Indicators 绩效指标"],
  summary: "Record a declared indicator value (申报) on behalf of a city: who and when are kept",
  description:
    "Needs the operator or admin role. Cities normally declare through their own node (declared-indicator-value records); the newest declaration per indicator, area and period counts.",
  access: writers,
  request: { body: { required: true, content: { "application/json": { schema: DeclarationInput } } } },
  responses: {
    201: { description: "Recorded", content: { "application/json": { schema: DeclarationSchema } } },
    ...errorResponses,
  },
});

export function registerPostDeclaration(app: App): void {
  app.openapi(route, async (c) => {
    const input = c.req.valid("json");
    const operator = c.get("operator");
    const declaration: Declaration = {
      recordId: randomUUID(),
      revision: 1,
      code: input.indicatorCode,
      cityCode: input.cityCode,
      districtCode: input.districtCode ?? null,
      period: input.period,
      value: input.value,
      declaredBy: operator.id,
      declaredAt: new Date().toISOString(),
      source: `/province/operators/${operator.id}`,
    };
    await storeDeclaration(useCaseContext(c), declaration);
    const { revision: _, ...body } = declaration;
    return c.json(body, 201);
  });
}
