import { z } from "zod";
import { jsonSchemaRules, requires, when } from "../checks.js";
import { defineRecord } from "../definition.js";
import { UnifiedSocialCreditCode } from "../values/credit-code.js";
import { IsoDate } from "../values/dates.js";
import { DivisionCode } from "../values/divisions.js";
import { EmploymentForm, ServiceChannel } from "../values/enums.js";
import { ServicePointId, StaffId, text } from "../values/identifiers.js";
import { MoneyFen } from "../values/money.js";
import { byId, byPersonKey, personRecordObject, requireOrder, requireWhen } from "./common.js";

const FORMS_WITH_UNIT = new Set(["unit-employee", "business-founder", "public-welfare-post"]);

export const EmploymentRegistration = jsonSchemaRules(
  personRecordObject({
    form: EmploymentForm,
    unit: z
      .object({ name: text(200, "The unit name"), creditCode: UnifiedSocialCreditCode.optional() })
      .optional()
      .meta({
        description: "The employer or the business founded; required unless self-employed or flexible",
      }),
    address: text(200, "The work address"),
    workplaceCode: DivisionCode.optional(),
    position: text(100, "The position"),
    workingHours: z.object({
      hoursPerWeek: z.number().min(0).max(84, { error: "Working hours per week cannot exceed 84" }),
      schedule: text(100, "The schedule").optional(),
    }),
    monthlyIncomeFen: MoneyFen,
    startedOn: IsoDate,
    endedOn: IsoDate.optional(),
    registeredOn: IsoDate,
    socialInsuranceFiled: z
      .boolean()
      .optional()
      .meta({ description: "Registered together with social insurance" }),
    channel: ServiceChannel.optional(),
    servicePointId: ServicePointId.optional(),
    staffId: StaffId.optional(),
  })
    .superRefine((r, ctx) => {
      requireWhen(
        ctx,
        FORMS_WITH_UNIT.has(r.form),
        r.unit,
        "unit",
        `Employment form ${r.form} needs the unit`,
      );
      requireOrder(ctx, r.startedOn, r.endedOn, "endedOn", "endedOn cannot be before startedOn");
    })
    .meta({ description: "就业登记: unit, address, position, working hours and income of one employment" }),
  { allOf: [when({ form: [...FORMS_WITH_UNIT] }, requires("unit"))], checks: ["date-order"] },
);
export type EmploymentRegistration = z.output<typeof EmploymentRegistration>;

export const employmentRegistration = defineRecord({
  name: "employment-registration",
  version: 1,
  title: "Employment registration",
  titleZh: "就业登记",
  schema: EmploymentRegistration,
  topic: "cityPerson",
  key: byPersonKey,
  subject: byId,
});
