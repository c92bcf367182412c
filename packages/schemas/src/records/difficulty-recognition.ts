import { z } from "zod";
import { jsonSchemaRules, requires, when } from "../checks.js";
import { defineRecord } from "../definition.js";
import { IsoDate } from "../values/dates.js";
import { DifficultyCategory, DifficultyState } from "../values/enums.js";
import { freeText, RecordId, ServicePointId, StaffId } from "../values/identifiers.js";
import { byId, byPersonKey, personRecordObject, requireOrder, requireWhen } from "./common.js";

export const DifficultyRecognition = jsonSchemaRules(
  personRecordObject({
    state: DifficultyState,
    categories: z
      .array(DifficultyCategory)
      .min(1, { error: "Name at least one reason (health, skills, family, land-loss, long-unemployment)" })
      .max(5)
      .refine((c) => new Set(c).size === c.length, { error: "A reason is listed twice" })
      .meta({ uniqueItems: true }),
    unemploymentRegistrationId: RecordId.optional(),
    appliedOn: IsoDate,
    decidedOn: IsoDate.optional(),
    refusalReason: freeText(500, "The refusal reason").optional(),
    validUntil: IsoDate.optional(),
    servicePointId: ServicePointId,
    staffId: StaffId.optional(),
  })
    .superRefine((r, ctx) => {
      requireWhen(
        ctx,
        r.state !== "applied",
        r.decidedOn,
        "decidedOn",
        "A decided application needs decidedOn",
      );
      requireWhen(ctx, r.state === "refused", r.refusalReason, "refusalReason", "A refusal needs its reason");
      requireOrder(ctx, r.appliedOn, r.decidedOn, "decidedOn", "decidedOn is before appliedOn");
    })
    .meta({ description: "就业困难人员认定: applied → recognised / refused" }),
  {
    allOf: [
      when({ state: DifficultyState.options.filter((s) => s !== "applied") }, requires("decidedOn")),
      when({ state: "refused" }, requires("refusalReason")),
    ],
    checks: ["date-order"],
  },
);

export const difficultyRecognition = defineRecord({
  name: "difficulty-recognition",
  version: 1,
  title: "Employment-difficulty recognition",
  titleZh: "就业困难人员认定",
  schema: DifficultyRecognition,
  topic: "cityPerson",
  key: byPersonKey,
  subject: byId,
});
