import { z } from "zod";
import { jsonSchemaRules, pesCheck } from "../checks.js";
import { defineRecord } from "../definition.js";
import { PersonName, PhoneNumber } from "../values/contact.js";
import { UnifiedSocialCreditCode } from "../values/credit-code.js";
import { IsoDate } from "../values/dates.js";
import { DivisionCode } from "../values/divisions.js";
import {
  EconomicType,
  EducationLevel,
  HiringForm,
  Housing,
  ProfessionalTitle,
  QualificationLevel,
  ServiceChannel,
} from "../values/enums.js";
import {
  freeText,
  IndustryCode,
  OccupationCode,
  ServicePointId,
  StaffId,
  text,
} from "../values/identifiers.js";
import { MoneyFen } from "../values/money.js";
import { recordObject, requireOrder } from "./common.js";

export const Employer = z.object({
  name: text(200, "The employer name"),
  creditCode: UnifiedSocialCreditCode,
  industry: IndustryCode,
  economicType: EconomicType,
  address: text(200, "The employer address"),
  profile: freeText(2000, "The employer profile").optional(),
  contactName: PersonName,
  contactPhone: PhoneNumber,
});

export const VacancyPosition = jsonSchemaRules(
  z
    .object({
      title: text(100, "The position title"),
      occupationCode: OccupationCode.optional(),
      hiringForm: HiringForm,
      headcount: z.number().int().min(1, { error: "Headcount is at least 1" }).max(100_000),
      requirements: z.object({
        ageMin: z.number().int().min(16, { error: "The minimum age cannot be below 16" }).max(70).optional(),
        ageMax: z.number().int().min(16).max(70).optional(),
        education: EducationLevel.optional(),
        major: text(100, "The major").optional(),
        yearsOfExperience: z.number().int().min(0).max(50).optional(),
        qualificationLevel: QualificationLevel.optional(),
        professionalTitle: ProfessionalTitle.optional(),
      }),
      pay: z.object({
        monthlyMinFen: MoneyFen.optional(),
        monthlyMaxFen: MoneyFen.optional(),
        housing: Housing.optional(),
        benefits: z.array(text(50, "A benefit")).max(20).optional(),
      }),
      recruitFrom: IsoDate,
      recruitUntil: IsoDate,
      interviewOn: IsoDate.optional(),
      workplaceCode: DivisionCode.optional(),
    })
    .superRefine((p, ctx) => {
      const { ageMin, ageMax } = p.requirements;
      if (ageMin !== undefined && ageMax !== undefined && ageMax < ageMin) {
        ctx.addIssue({
          code: "custom",
          path: ["requirements", "ageMax"],
          message: "The maximum age is below the minimum",
          params: pesCheck("range-order"),
        });
      }
      const { monthlyMinFen: min, monthlyMaxFen: max } = p.pay;
      if (min !== undefined && max !== undefined && max < min) {
        ctx.addIssue({
          code: "custom",
          path: ["pay", "monthlyMaxFen"],
          message: "The maximum pay is below the minimum",
          params: pesCheck("range-order"),
        });
      }
      requireOrder(
        ctx,
        p.recruitFrom,
        p.recruitUntil,
        "recruitUntil",
        "The recruiting window ends before it starts",
      );
    }),
  { checks: ["range-order", "date-order"] },
);

const vacancyFields = {
  status: z.enum(["open", "closed"]),
  registeredOn: IsoDate,
  employer: Employer,
  positions: z.array(VacancyPosition).min(1, { error: "List at least one position" }).max(50),
  jobFair: z.object({ title: text(200, "The job fair title"), heldOn: IsoDate }).optional(),
  servicePointId: ServicePointId.optional(),
  staffId: StaffId.optional(),
};

const VACANCY_DESCRIPTION =
  "招聘登记 (用人单位招聘登记表): the employer and its positions; not personal data";

/** Version 1, still accepted from the topics; producers publish the current version. */
export const VacancyRegistrationV1 = recordObject(vacancyFields).meta({ description: VACANCY_DESCRIPTION });
export type VacancyRegistrationV1 = z.output<typeof VacancyRegistrationV1>;

export const VacancyRegistration = recordObject({
  ...vacancyFields,
  channel: ServiceChannel.optional().meta({
    description: "How the employer registered: online = 网上(一网通办), counted by the one-stop indicators",
  }),
}).meta({ description: `${VACANCY_DESCRIPTION}. Version 2 adds the channel` });
export type VacancyRegistration = z.output<typeof VacancyRegistration>;

const vacancyRegistrationOf = {
  name: "vacancy-registration",
  title: "Vacancy registration",
  titleZh: "招聘登记",
  topic: "cityMaster",
  key: (r: { employer: { creditCode: string } }) => r.employer.creditCode,
  keyDescription: "employer.creditCode: every vacancy of one employer stays in order",
  subject: (r: { id: string }) => r.id,
} as const;

export const vacancyRegistrationV1 = defineRecord({
  ...vacancyRegistrationOf,
  version: 1,
  schema: VacancyRegistrationV1,
});

export const vacancyRegistration = defineRecord({
  ...vacancyRegistrationOf,
  version: 2,
  schema: VacancyRegistration,
});
