import { z } from "zod";
import { forbids, ifThen, jsonSchemaRules, requires, when } from "../checks.js";
import { defineRecord } from "../definition.js";
import { Mobile } from "../values/contact.js";
import { IsoDate } from "../values/dates.js";
import {
  EducationLevel,
  KeyGroup,
  RegistrationPlace,
  UnemploymentCloseReason,
  UnemploymentState,
} from "../values/enums.js";
import { freeText, ServicePointId, StaffId, text } from "../values/identifiers.js";
import { byId, byPersonKey, personRecordObject, requireOrder, requireWhen } from "./common.js";

/** The reasons that can close an application still applied (not yet registered). */
export const CLOSES_AN_APPLICATION: ReadonlySet<UnemploymentCloseReason> = new Set<UnemploymentCloseReason>([
  "withdrawn",
  "employed",
  "registered-elsewhere",
  "retirement-age",
]);

const UnemploymentRegistrationChecked = personRecordObject({
  state: UnemploymentState,
  placeBasis: RegistrationPlace.meta({
    description: "Where the person registered: 常住地/户籍地/参保地/就业地",
  }),
  servicePointId: ServicePointId,
  staffId: StaffId.optional(),
  appliedOn: IsoDate,
  dueBy: IsoDate.meta({ description: "办结时限: 10 working days after appliedOn (see addWorkingDays)" }),
  registeredOn: IsoDate.optional(),
  closedOn: IsoDate.optional(),
  closeReason: UnemploymentCloseReason.optional(),
  closeNote: freeText(200, "The close note").optional(),
  unemployedSince: IsoDate.optional(),
  education: EducationLevel.optional(),
  residenceAddress: text(200, "The address").optional(),
  contactMobile: Mobile.optional(),
  keyGroups: z.array(KeyGroup).max(10).optional(),
})
  .superRefine((r, ctx) => {
    // An application can close before it is registered: withdrawn, or overtaken by work, a registration
    // elsewhere or the retirement age. Any other closure was of a registered record.
    requireWhen(
      ctx,
      r.state === "registered" ||
        (r.state === "closed" && !CLOSES_AN_APPLICATION.has(r.closeReason as UnemploymentCloseReason)),
      r.registeredOn,
      "registeredOn",
      "A registered record, or one closed for this reason, needs registeredOn",
    );
    requireWhen(ctx, r.state === "closed", r.closedOn, "closedOn", "A closed registration needs closedOn");
    requireWhen(
      ctx,
      r.state === "closed",
      r.closeReason,
      "closeReason",
      "A closed registration needs closeReason",
    );
    if (r.state !== "closed" && (r.closedOn || r.closeReason)) {
      ctx.addIssue({
        code: "custom",
        path: ["closedOn"],
        message: "Only a closed registration has closedOn/closeReason",
      });
    }
    requireOrder(ctx, r.appliedOn, r.dueBy, "dueBy", "dueBy cannot be before appliedOn");
    requireOrder(ctx, r.appliedOn, r.registeredOn, "registeredOn", "registeredOn cannot be before appliedOn");
    requireOrder(
      ctx,
      r.registeredOn ?? r.appliedOn,
      r.closedOn,
      "closedOn",
      "closedOn cannot be before registration",
    );
  })
  .meta({
    description: "失业登记: applied → registered → closed; at most one open per person in the province",
  });
export const UnemploymentRegistration = jsonSchemaRules(UnemploymentRegistrationChecked, {
  allOf: [
    when({ state: "registered" }, requires("registeredOn")),
    ifThen(
      {
        properties: {
          state: { const: "closed" },
          closeReason: { not: { enum: [...CLOSES_AN_APPLICATION] } },
        },
        required: ["state"],
      },
      requires("registeredOn"),
    ),
    when({ state: "closed" }, requires("closedOn", "closeReason")),
    when(
      { state: UnemploymentState.options.filter((s) => s !== "closed") },
      forbids("closedOn", "closeReason"),
    ),
  ],
  checks: ["date-order"],
});
export type UnemploymentRegistration = z.output<typeof UnemploymentRegistration>;

export const unemploymentRegistration = defineRecord({
  name: "unemployment-registration",
  version: 1,
  title: "Unemployment registration",
  titleZh: "失业登记",
  schema: UnemploymentRegistration,
  topic: "cityPerson",
  key: byPersonKey,
  subject: byId,
});
