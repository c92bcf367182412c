import { z } from "zod";
import { forbids, jsonSchemaRules, requires, when } from "../checks.js";
import { defineRecord } from "../definition.js";
import { IsoDate } from "../values/dates.js";
import { CertificateType, QualificationLevel, TrainingKind } from "../values/enums.js";
import { ProviderId, text, VoucherId } from "../values/identifiers.js";
import { MoneyFen } from "../values/money.js";
import { byId, byPersonKey, personRecordObject, requireOrder, requireWhen } from "./common.js";

export const TrainingRecord = jsonSchemaRules(
  personRecordObject({
    kind: TrainingKind,
    course: text(100, "The course name"),
    occupation: text(100, "The occupation").optional(),
    providerId: ProviderId.optional(),
    stage: z.enum(["enrolled", "completed", "dropped-out"]),
    enrolledOn: IsoDate,
    completedOn: IsoDate.optional(),
    passed: z.boolean().optional(),
    subsidised: z.boolean(),
    subsidyFen: MoneyFen.optional(),
    voucherId: VoucherId.optional(),
    certificate: z
      .object({
        type: CertificateType,
        level: QualificationLevel.optional(),
        number: text(64, "The certificate number").optional(),
        issuedOn: IsoDate.optional(),
      })
      .optional(),
  })
    .superRefine((r, ctx) => {
      requireWhen(
        ctx,
        r.stage === "completed",
        r.completedOn,
        "completedOn",
        "A completed training needs completedOn",
      );
      requireOrder(ctx, r.enrolledOn, r.completedOn, "completedOn", "completedOn is before enrolledOn");
      if (r.certificate && r.stage !== "completed") {
        ctx.addIssue({
          code: "custom",
          path: ["certificate"],
          message: "Only a completed training has a certificate",
        });
      }
      if (r.subsidyFen && !r.subsidised) {
        ctx.addIssue({
          code: "custom",
          path: ["subsidyFen"],
          message: "subsidyFen is set but subsidised is false",
        });
      }
    })
    .meta({ description: "Training enrolment and completion, subsidy and certificate" }),
  {
    allOf: [
      when({ stage: "completed" }, requires("completedOn")),
      when({ stage: ["enrolled", "dropped-out"] }, forbids("certificate")),
      // A subsidy of 0 fen is no subsidy: allowed unsubsidised.
      when({ subsidised: false }, { properties: { subsidyFen: { const: 0 } } }),
    ],
    checks: ["date-order"],
  },
);

export const trainingRecord = defineRecord({
  name: "training-record",
  version: 1,
  title: "Training record",
  titleZh: "培训记录",
  schema: TrainingRecord,
  topic: "cityPerson",
  key: byPersonKey,
  subject: byId,
});
