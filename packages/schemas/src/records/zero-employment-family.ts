import { z } from "zod";
import { ifThen, jsonSchemaRules, pesCheck, requires, when } from "../checks.js";
import { defineRecord } from "../definition.js";
import { IsoDate } from "../values/dates.js";
import { FujianDivisionCode } from "../values/divisions.js";
import { FamilyRelation } from "../values/enums.js";
import { PersonKey, text } from "../values/identifiers.js";
import { byId, byPersonKey, PersonRef, personRecordObject, requireOrder, requireWhen } from "./common.js";

export const FamilyMember = z.object({
  person: PersonRef,
  relation: FamilyRelation,
  workingAge: z.boolean().meta({ description: "Of statutory working age" }),
  unemployed: z.boolean(),
  ableAndWilling: z.boolean().meta({ description: "Able to work and wants to work" }),
  fixedIncome: z.boolean().meta({ description: "Has a relatively fixed income (相对稳定收入)" }),
});
type FamilyMember = z.output<typeof FamilyMember>;

/** The four conditions of BRIEF §4; all must hold for a family to be identified. */
export function zeroEmploymentConditionsHold(family: {
  members: FamilyMember[];
  urbanResident: boolean;
}): boolean {
  const working = family.members.filter((m) => m.workingAge);
  return (
    family.urbanResident &&
    working.length > 0 &&
    working.every((m) => m.unemployed && m.ableAndWilling) &&
    family.members.every((m) => !m.fixedIncome)
  );
}

export const ZeroEmploymentFamily = jsonSchemaRules(
  personRecordObject({
    state: z
      .enum(["identified", "cleared"])
      .meta({ description: "cleared once a member is in work (动态清零)" }),
    members: z.array(FamilyMember).min(1).max(20),
    urbanResident: z.boolean().meta({ description: "An urban resident family (城镇居民家庭)" }),
    communityCode: FujianDivisionCode.optional(),
    householdAddress: text(200, "The address").optional(),
    identifiedOn: IsoDate,
    clearedOn: IsoDate.optional(),
    clearedBy: PersonKey.optional().meta({ description: "The member whose employment cleared the family" }),
  })
    .superRefine((f, ctx) => {
      if (!f.members.some((m) => m.person.key === f.person.key)) {
        ctx.addIssue({
          code: "custom",
          path: ["members"],
          message: "The applicant must be one of the members",
          params: pesCheck("applicant-is-member"),
        });
      }
      if (f.state === "identified" && !zeroEmploymentConditionsHold(f)) {
        ctx.addIssue({
          code: "custom",
          path: ["members"],
          message:
            "Not a zero-employment family: every working-age member must be unemployed, able and willing, " +
            "no member may have a fixed income, and the family must be urban",
        });
      }
      requireWhen(ctx, f.state === "cleared", f.clearedOn, "clearedOn", "A cleared family needs clearedOn");
      requireOrder(ctx, f.identifiedOn, f.clearedOn, "clearedOn", "clearedOn is before identifiedOn");
    })
    .meta({ description: "零就业家庭: keyed by the applicant (usually the head of household)" }),
  {
    allOf: [
      // zeroEmploymentConditionsHold, as JSON Schema can say it.
      when(
        { state: "identified" },
        {
          properties: {
            urbanResident: { const: true },
            members: {
              contains: { properties: { workingAge: { const: true } }, required: ["workingAge"] },
              items: {
                properties: { fixedIncome: { const: false } },
                ...ifThen(
                  { properties: { workingAge: { const: true } }, required: ["workingAge"] },
                  { properties: { unemployed: { const: true }, ableAndWilling: { const: true } } },
                ),
              },
            },
          },
        },
      ),
      when({ state: "cleared" }, requires("clearedOn")),
    ],
    checks: ["applicant-is-member", "date-order"],
  },
);

export const zeroEmploymentFamily = defineRecord({
  name: "zero-employment-family",
  version: 1,
  title: "Zero-employment family",
  titleZh: "零就业家庭",
  schema: ZeroEmploymentFamily,
  topic: "cityPerson",
  key: byPersonKey,
  subject: byId,
});
