import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { CATALOGUE } from "../../domain/indicators/catalogue.js";
import { publishedDefinitions, RULES } from "../../domain/indicators/definitions.js";

const Bilingual = z
  .object({ zh: z.string(), en: z.string() })
  .openapi("BilingualText", { description: "A text in Chinese (zh-CN) and English" });
const Coded = (values: readonly [string, ...string[]]) => Bilingual.extend({ code: z.enum(values) });
/** The catalogue's measure as the engine reads it (its kinds may grow: documented loosely). */
const MEASURE_KINDS = ["distinct", "stock", "stock-at-start", "declared", "sum"] as const;
const SimpleMeasure = z.object({
  kind: z.enum(MEASURE_KINDS),
  component: z.string().optional(),
  code: z.string().optional(),
});
// The catalogue nests measures one level at most (a sum of simple measures).
const MeasureSchema = SimpleMeasure.extend({ of: z.array(SimpleMeasure).optional() }).openapi(
  "IndicatorMeasure",
  {
    description:
      "As catalogue.ts defines it: distinct (distinct subjects of a component in the period), stock (what is open at the period's end), stock-at-start (open when the period began), declared (a city's declaration), sum (of the measures in `of`)",
  },
);

export const IndicatorDefinitionSchema = z
  .object({
    code: z.string(),
    level1: z.string(),
    level2: z.string(),
    name: Bilingual,
    unit: Coded(["10k persons", "10k visits", "count", "%"]),
    comparator: Coded([">=", "<="]),
    source: Coded(["events", "declared", "events+declared"]),
    numerator: Bilingual,
    denominator: Bilingual.nullable().openapi({ description: "For rates" }),
    period: Bilingual.openapi({ description: "Which date of which record decides the period" }),
    area: Bilingual.openapi({ description: "How a record is placed in a district, a city and the province" }),
    cumulative: z
      .boolean()
      .openapi({ description: "Compared with the pro-rated target in a shorter period" }),
    computation: z.object({
      numerator: MeasureSchema,
      denominator: MeasureSchema.nullable(),
      factor: z.number(),
    }),
  })
  .openapi("IndicatorDefinition");

export const IndicatorDefinitionsSchema = z
  .object({
    rules: z.object({
      periods: Bilingual,
      zero: Bilingual,
      notMeasurable: Bilingual,
      cumulative: Bilingual,
    }),
    indicators: z.array(IndicatorDefinitionSchema),
  })
  .openapi("IndicatorDefinitions");

const route = defineRoute({
  method: "get",
  path: "/v1/indicators/definitions",
  tags: ["Indicators 绩效指标"],
  summary: "What each of the 27 indicators counts, in Chinese and English (指标口径)",
  description:
    "Per indicator of the catalogue the engine computes with: names, numerator, denominator (rates), the date that decides the period, how a record is placed in a district, a city and the province, unit, comparator and source; and the rules all follow (a zero is a zero; when a value is not measurable).",
  access: readers,
  responses: {
    200: {
      description: "In the catalogue's order",
      content: { "application/json": { schema: IndicatorDefinitionsSchema } },
    },
    ...errorResponses,
  },
});

export function registerGetIndicatorDefinitions(app: App): void {
  app.openapi(route, (c) => {
    const body: z.infer<typeof IndicatorDefinitionsSchema> = {
      rules: RULES,
      indicators: publishedDefinitions(CATALOGUE),
    };
    return c.json(body, 200);
  });
}
