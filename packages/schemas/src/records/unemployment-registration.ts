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
import { freeText, IndustryCode, ServicePointId, StaffId, text } from "../values/identifiers.js";
import { byId, byPersonKey, personRecordObject, requireOrder, requireWhen } from "./common.js";

/** The reasons that can close an application still applied (not yet registered). */
export const CLOSES_AN_APPLICATION: ReadonlySet<UnemploymentCloseReason> = new Set<UnemploymentCloseReason>([
  "withdrawn",
  "employed",
  "registered-elsewhere",
  "retirement-age",
]);

const unemploymentFields = {
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
};

/** The lifecycle's required fields and its dates in order: the rules of every version. */
function checkLifecycle(r: z.output<z.ZodObject<typeof unemploymentFields>>, ctx: z.RefinementCtx): void {
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
}

/** The same rules for JSON Schema. */
const LIFECYCLE_RULES = {
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
  checks: ["date-order" as const],
};

const UNEMPLOYMENT_DESCRIPTION =
  "失业登记: applied → registered → closed; at most one open per person in the province";

/** Version 1, still accepted from the topics; producers publish the current version. */
export const UnemploymentRegistrationV1 = jsonSchemaRules(
  personRecordObject(unemploymentFields)
    .superRefine(checkLifecycle)
    .meta({ description: UNEMPLOYMENT_DESCRIPTION }),
  LIFECYCLE_RULES,
);
export type UnemploymentRegistrationV1 = z.output<typeof UnemploymentRegistrationV1>;

export const UnemploymentRegistration = jsonSchemaRules(
  personRecordObject({
    ...unemploymentFields,
    lastJobIndustry: IndustryCode.optional().meta({
      description:
        "所属行业 of the person's last job (GB/T 4754): the province watches unemployment by industry (重点行业监测)",
    }),
  })
    .superRefine(checkLifecycle)
    .meta({ description: `${UNEMPLOYMENT_DESCRIPTION}. Version 2 adds the industry of the last job` }),
  LIFECYCLE_RULES,
);
export type UnemploymentRegistration = z.output<typeof UnemploymentRegistration>;

const unemploymentRegistrationOf = {
  name: "unemployment-registration",
  title: "Unemployment registration",
  titleZh: "失业登记",
  topic: "cityPerson",
  key: byPersonKey,
  subject: byId,
} as const;

export const unemploymentRegistrationV1 = defineRecord({
  ...unemploymentRegistrationOf,
  version: 1,
  schema: UnemploymentRegistrationV1,
});

export const unemploymentRegistration = defineRecord({
  ...unemploymentRegistrationOf,
  version: 2,
  schema: UnemploymentRegistration,
});
