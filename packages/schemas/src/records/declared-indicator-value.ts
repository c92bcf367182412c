import { z } from "zod";
import { jsonSchemaRules } from "../checks.js";
import { defineRecord } from "../definition.js";
import { Timestamp } from "../values/dates.js";
import { freeText, IndicatorCode, StaffId, text } from "../values/identifiers.js";
import { ReportingPeriod } from "../values/periods.js";
import { recordObject } from "./common.js";

export const DeclaredIndicatorValue = jsonSchemaRules(
  recordObject({
    indicatorCode: IndicatorCode,
    period: ReportingPeriod,
    value: z
      .number({ error: "The value must be a number" })
      .refine(Number.isFinite, { error: "The value must be finite" }),
    unit: text(30, "The unit").optional(),
    declaredBy: StaffId,
    declaredAt: Timestamp,
    note: freeText(1000, "The note").optional(),
  }).meta({
    description:
      "An indicator value the city declares (budget execution, labour brands, ...), with who and when",
  }),
  { checks: ["declared-value-bounds"] },
);
export type DeclaredIndicatorValue = z.output<typeof DeclaredIndicatorValue>;

export const declaredIndicatorValue = defineRecord({
  name: "declared-indicator-value",
  version: 1,
  title: "Declared indicator value",
  titleZh: "申报指标值",
  schema: DeclaredIndicatorValue,
  topic: "cityMaster",
  /** Every revision of one city's value for one indicator and period goes to one partition, in order. */
  key: (r) => `${r.cityCode}/${r.indicatorCode}/${r.period}`,
  keyDescription: "cityCode/indicatorCode/period, e.g. 350200/budget_execution_rate/2024-Q1",
  subject: (r) => r.id,
});
