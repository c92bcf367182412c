import { z } from "zod";
import { defineRecord } from "../definition.js";
import { PhoneNumber } from "../values/contact.js";
import { UnifiedSocialCreditCode } from "../values/credit-code.js";
import { IsoDate, Timestamp } from "../values/dates.js";
import { FujianDivisionCode } from "../values/divisions.js";
import { MarketId, OccupationCode, RecordId, text, VoucherId } from "../values/identifiers.js";
import { MoneyFen } from "../values/money.js";
import { byId, byPersonKey, personRecordObject, recordObject, requireOrder } from "./common.js";

export const GigPay = z.object({ amountFen: MoneyFen, per: z.enum(["hour", "day", "piece", "month"]) });

export const GigPosting = recordObject({
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
  .meta({ description: "A gig posting (零工岗位) of a gig market; its id is the posting id" });
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

export const GigPlacement = personRecordObject({
  marketId: MarketId,
  postingId: RecordId,
  status: z.enum(["placed", "completed", "cancelled"]),
  placedAt: Timestamp,
  workFrom: IsoDate,
  workUntil: IsoDate.optional(),
  pay: GigPay,
  voucherId: VoucherId.optional(),
})
  .superRefine((p, ctx) =>
    requireOrder(ctx, p.workFrom, p.workUntil, "workUntil", "workUntil is before workFrom"),
  )
  .meta({ description: "A worker placed in a gig (零工就业)" });
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
