import { z } from "zod";
import { jsonSchemaRules, pesCheck } from "../checks.js";
import { defineRecord } from "../definition.js";
import { Mobile } from "../values/contact.js";
import { IsoDate } from "../values/dates.js";
import { DivisionCode } from "../values/divisions.js";
import {
  EducationLevel,
  KeyGroup,
  PersonCategory,
  ProfessionalTitle,
  QualificationLevel,
  ServiceChannel,
  Shift,
} from "../values/enums.js";
import { freeText, OccupationCode, ServicePointId, StaffId, text } from "../values/identifiers.js";
import { MoneyFen } from "../values/money.js";
import { byId, byPersonKey, personRecordObject, requireOrder } from "./common.js";

export const JobWishes = jsonSchemaRules(
  z
    .object({
      occupations: z
        .array(text(100, "The occupation"))
        .min(1)
        .max(5)
        .meta({ description: "求职工种, by name" }),
      occupationCodes: z.array(OccupationCode).max(5).optional(),
      monthlyPayMinFen: MoneyFen.optional(),
      monthlyPayMaxFen: MoneyFen.optional(),
      workPlaces: z
        .array(DivisionCode)
        .max(10)
        .optional()
        .meta({ description: "Wanted work places (工作地点)" }),
      shift: Shift.optional(),
    })
    .superRefine((w, ctx) => {
      if (
        w.monthlyPayMinFen !== undefined &&
        w.monthlyPayMaxFen !== undefined &&
        w.monthlyPayMaxFen < w.monthlyPayMinFen
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["monthlyPayMaxFen"],
          message: "The maximum pay is below the minimum",
          params: pesCheck("range-order"),
        });
      }
    }),
  { checks: ["range-order"] },
);

const jobSeekerFields = {
  state: z.enum(["active", "closed"]).meta({ description: "closed when the person found work or withdrew" }),
  registeredOn: IsoDate,
  validUntil: IsoDate.optional(),
  education: EducationLevel,
  qualificationLevel: QualificationLevel.optional(),
  professionalTitle: ProfessionalTitle.optional(),
  yearsOfExperience: z.number().int().min(0).max(60),
  category: PersonCategory,
  keyGroups: z.array(KeyGroup).max(10).optional(),
  residenceAddress: text(200, "The address"),
  contactMobile: Mobile,
  resume: freeText(4000, "The résumé").optional(),
  wishes: JobWishes,
  servicePointId: ServicePointId.optional(),
  staffId: StaffId.optional(),
};

const JOB_SEEKER_DESCRIPTION = "求职登记: the job seeker's profile and wishes (工种, pay, place, shift)";

/** Version 1, still accepted from the topics; producers publish the current version. */
export const JobSeekerRegistrationV1 = jsonSchemaRules(
  personRecordObject(jobSeekerFields)
    .superRefine((r, ctx) =>
      requireOrder(ctx, r.registeredOn, r.validUntil, "validUntil", "validUntil is before registeredOn"),
    )
    .meta({ description: JOB_SEEKER_DESCRIPTION }),
  { checks: ["date-order"] },
);
export type JobSeekerRegistrationV1 = z.output<typeof JobSeekerRegistrationV1>;

export const JobSeekerRegistration = jsonSchemaRules(
  personRecordObject({
    ...jobSeekerFields,
    channel: ServiceChannel.optional().meta({
      description: "How the person registered: online = 网上(一网通办), counted by the one-stop indicators",
    }),
  })
    .superRefine((r, ctx) =>
      requireOrder(ctx, r.registeredOn, r.validUntil, "validUntil", "validUntil is before registeredOn"),
    )
    .meta({ description: `${JOB_SEEKER_DESCRIPTION}. Version 2 adds the channel` }),
  { checks: ["date-order"] },
);
export type JobSeekerRegistration = z.output<typeof JobSeekerRegistration>;

const jobSeekerRegistrationOf = {
  name: "job-seeker-registration",
  title: "Job-seeker registration",
  titleZh: "求职登记",
  topic: "cityPerson",
  key: byPersonKey,
  subject: byId,
} as const;

export const jobSeekerRegistrationV1 = defineRecord({
  ...jobSeekerRegistrationOf,
  version: 1,
  schema: JobSeekerRegistrationV1,
});

export const jobSeekerRegistration = defineRecord({
  ...jobSeekerRegistrationOf,
  version: 2,
  schema: JobSeekerRegistration,
});
