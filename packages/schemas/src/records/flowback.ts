import { z } from "zod";
import { ifThen, jsonSchemaRules, requires } from "../checks.js";
import { defineRecord } from "../definition.js";
import { Mobile } from "../values/contact.js";
import { IsoDate, Timestamp } from "../values/dates.js";
import { CityCode, FujianDivisionCode } from "../values/divisions.js";
import { KeyGroup } from "../values/enums.js";
import { MarketId, PersonKey, PolicyId, RecordId, VoucherId } from "../values/identifiers.js";
import { MoneyFen } from "../values/money.js";
import { singleLine } from "../values/plain-text.js";
import { byId, byPersonKey, personRecordObject, recordObject, requireWhen } from "./common.js";
import { VoucherStatus } from "./voucher-event.js";

export const RegistrationClosureInstruction = personRecordObject({
  registrationId: RecordId.meta({
    description: "The open unemployment registration the receiving city must close",
  }),
  reason: z.enum(["employed-elsewhere", "registered-elsewhere"]),
  evidence: z.object({
    cityCode: CityCode.meta({ description: "Where the newer record was made" }),
    recordType: z.enum(["employment-registration", "unemployment-registration", "gig-placement"]),
    recordId: RecordId,
    effectiveOn: IsoDate,
  }),
  decidedAt: Timestamp,
}).meta({
  description: "数据回流: the province tells a city to close a registration; cityCode is the receiver",
});

export const registrationClosureInstruction = defineRecord({
  name: "registration-closure-instruction",
  version: 1,
  title: "Registration closure instruction",
  titleZh: "失业登记注销通知",
  schema: RegistrationClosureInstruction,
  topic: "flowbackCity",
  key: byPersonKey,
  subject: byId,
});

export const Shortfall131 = z
  .object({
    careerGuidance: z.number().int().min(0).max(1),
    jobRecommendations: z.number().int().min(0).max(3),
    trainingOrInternship: z.number().int().min(0).max(1),
  })
  .meta({
    description: "What is still missing of the 131 commitment (1 guidance, 3 recommendations, 1 offer)",
  });
export type Shortfall131 = z.output<typeof Shortfall131>;

export const ServiceNeededNotice = jsonSchemaRules(
  personRecordObject({
    status: z
      .enum(["open", "resolved"])
      .meta({ description: "resolved: the need is met, drop it from the work list" }),
    reasons: z
      .array(
        z.enum([
          "131-shortfall",
          "zero-employment-family",
          "graduate-without-contact",
          "difficulty-unemployed",
        ]),
      )
      .min(1)
      .max(4),
    keyGroups: z.array(KeyGroup).max(10),
    shortfall131: Shortfall131.optional(),
    areaCode: FujianDivisionCode.meta({
      description: "Where the person lives, as fine as known (community best)",
    }),
    contactMobile: Mobile.optional(),
    dueBy: IsoDate.optional(),
    noticedAt: Timestamp,
  })
    .superRefine((n, ctx) =>
      requireWhen(
        ctx,
        n.reasons.includes("131-shortfall"),
        n.shortfall131,
        "shortfall131",
        "A 131 shortfall needs its parts",
      ),
    )
    .meta({ description: "数据回流: a key-group person of the receiver's area who still needs a service" }),
  {
    allOf: [
      ifThen(
        { properties: { reasons: { contains: { const: "131-shortfall" } } }, required: ["reasons"] },
        requires("shortfall131"),
      ),
    ],
  },
);

export const serviceNeededNotice = defineRecord({
  name: "service-needed-notice",
  version: 1,
  title: "Service-needed notice",
  titleZh: "待服务人员推送",
  schema: ServiceNeededNotice,
  topic: "flowbackCity",
  key: byPersonKey,
  subject: byId,
});

/** A person as a gig market sees them: a key to refer to them by, the ID number and name masked. */
export const MaskedPerson = z
  .object({
    key: PersonKey,
    idNumberMasked: z
      .string()
      .regex(/^\d{4}\*{10}[\dX]{4}$/, { error: "A masked ID number: 3502**********123X" }),
    nameMasked: singleLine("A masked name").min(2).max(50),
  })
  .meta({ description: "The person without their personal data in clear" });

export const WorkNeededNotice = recordObject({
  person: MaskedPerson,
  marketId: MarketId.meta({ description: "The receiving gig market" }),
  status: z
    .enum(["open", "resolved"])
    .meta({ description: "resolved: the person no longer needs the market's help; drop them from the list" }),
  reasons: ServiceNeededNotice.shape.reasons,
  keyGroups: z.array(KeyGroup).max(10),
  areaCode: FujianDivisionCode.meta({ description: "Where the person lives, as fine as known" }),
  contactMobile: Mobile.optional().meta({
    description: "Given only while the notice is open, to reach the person",
  }),
  noticedAt: Timestamp,
}).meta({
  description:
    "数据回流 to a gig market: a key-group person of its area who needs work; personal data masked",
});

export const workNeededNotice = defineRecord({
  name: "work-needed-notice",
  version: 1,
  title: "Work-needed notice",
  titleZh: "零工市场待就业人员推送",
  schema: WorkNeededNotice,
  topic: "flowbackGig",
  key: (data: { person: { key: string } }) => data.person.key,
  subject: byId,
});

export const VoucherNotice = personRecordObject({
  voucherId: VoucherId,
  policyId: PolicyId,
  amountFen: MoneyFen,
  status: VoucherStatus,
  expiresOn: IsoDate.optional(),
  marketId: MarketId.optional().meta({
    description: "Once redeemed at a gig market: that market (the receiver is whoever the topic is for)",
  }),
  changedAt: Timestamp,
}).meta({ description: "数据回流: a voucher of a person of the receiver's area, and its current status" });

export const voucherNotice = defineRecord({
  name: "voucher-notice",
  version: 1,
  title: "Voucher notice",
  titleZh: "就业券回流",
  schema: VoucherNotice,
  topic: "flowbackCity",
  alsoOn: ["flowbackGig"],
  key: byPersonKey,
  subject: byId,
});
