import { z } from "zod";
import { jsonSchemaRules, requires, when } from "../checks.js";
import { defineRecord } from "../definition.js";
import { PhoneNumber } from "../values/contact.js";
import { UnifiedSocialCreditCode } from "../values/credit-code.js";
import { IsoDate, Timestamp } from "../values/dates.js";
import { FujianDivisionCode } from "../values/divisions.js";
import { freeText, MarketId, OccupationCode, RecordId, text, VoucherId } from "../values/identifiers.js";
import { MoneyFen } from "../values/money.js";
import { byId, byPersonKey, personRecordObject, recordObject, requireOrder, requireWhen } from "./common.js";

export const GigPay = z.object({ amountFen: MoneyFen, per: z.enum(["hour", "day", "piece", "month"]) });

export const GigPosting = jsonSchemaRules(
  recordObject({
    marketId: MarketId,
    employer: z.object({
      name: text(200, "The employer name"),
      creditCode: UnifiedSocialCreditCode.optional().meta({ description: "Absent for a private household" }),
    }),
    title: text(100, "The title"),
    occupationCode: OccupationCode.optional(),
    headcount: z.number().int().min(1).max(10_000),
    pay: GigPay,
    workFrom: IsoDate,
    workUntil: IsoDate.optional(),
    locationCode: FujianDivisionCode,
    address: text(200, "The address"),
    contactPhone: PhoneNumber.optional(),
    status: z.enum(["open", "filled", "closed", "cancelled"]),
    postedAt: Timestamp,
  })
    .superRefine((p, ctx) =>
      requireOrder(ctx, p.workFrom, p.workUntil, "workUntil", "workUntil is before workFrom"),
    )
    .meta({ description: "A gig posting (零工岗位) of a gig market; its id is the posting id" }),
  { checks: ["date-order"] },
);
export type GigPosting = z.output<typeof GigPosting>;

export const gigPosting = defineRecord({
  name: "gig-posting",
  version: 1,
  title: "Gig posting",
  titleZh: "零工岗位",
  schema: GigPosting,
  topic: "gigEvents",
  key: byId,
  keyDescription: "id: the posting id",
  subject: byId,
});

export const GigPlacement = jsonSchemaRules(
  personRecordObject({
    marketId: MarketId,
    postingId: RecordId,
    status: z.enum(["placed", "completed", "cancelled"]),
    placedAt: Timestamp,
    workFrom: IsoDate,
    workUntil: IsoDate.optional(),
    pay: GigPay,
    voucherId: VoucherId.optional(),
    completedOn: IsoDate.optional().meta({ description: "When the work ended; set once completed" }),
    payDueFen: MoneyFen.optional().meta({ description: "The whole pay agreed for the work done" }),
    payReceivedFen: MoneyFen.optional().meta({
      description: "The pay the worker actually received; less than payDueFen is wage arrears (欠薪)",
    }),
  })
    .superRefine((p, ctx) => {
      requireOrder(ctx, p.workFrom, p.workUntil, "workUntil", "workUntil is before workFrom");
      requireOrder(ctx, p.workFrom, p.completedOn, "completedOn", "completedOn is before workFrom");
      const completed = p.status === "completed";
      requireWhen(ctx, completed, p.completedOn, "completedOn", "A completed placement needs completedOn");
      requireWhen(ctx, completed, p.payDueFen, "payDueFen", "A completed placement needs payDueFen");
      requireWhen(
        ctx,
        completed,
        p.payReceivedFen,
        "payReceivedFen",
        "A completed placement needs payReceivedFen",
      );
    })
    .meta({
      description: "A worker placed in a gig (零工就业, 介绍就业) and, once completed, the pay received",
    }),
  {
    allOf: [when({ status: "completed" }, requires("completedOn", "payDueFen", "payReceivedFen"))],
    checks: ["date-order"],
  },
);
export type GigPlacement = z.output<typeof GigPlacement>;

export const gigPlacement = defineRecord({
  name: "gig-placement",
  version: 1,
  title: "Gig placement",
  titleZh: "零工就业",
  schema: GigPlacement,
  topic: "gigEvents",
  key: byPersonKey,
  subject: byId,
});

export const GigRating = personRecordObject({
  marketId: MarketId,
  placementId: RecordId,
  by: z.enum(["worker", "employer"]).meta({
    description: "worker: the worker rates the market's service; employer: the employer rates the work",
  }),
  score: z.number().int().min(1, { error: "The score is 1 to 5" }).max(5, { error: "The score is 1 to 5" }),
  comment: freeText(500, "The comment").optional(),
  ratedAt: Timestamp,
}).meta({ description: "A rating of a completed gig placement (好差评); the person is the worker" });
export type GigRating = z.output<typeof GigRating>;

export const gigRating = defineRecord({
  name: "gig-rating",
  version: 1,
  title: "Gig rating",
  titleZh: "零工评价",
  schema: GigRating,
  topic: "gigEvents",
  key: byPersonKey,
  subject: byId,
});
