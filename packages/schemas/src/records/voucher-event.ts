import { z } from "zod";
import { defineRecord } from "../definition.js";
import { IsoDate, Timestamp } from "../values/dates.js";
import { MarketId, PolicyId, ProviderId, text, VoucherId } from "../values/identifiers.js";
import { MoneyFen } from "../values/money.js";
import { byId, byPersonKey, personRecordObject } from "./common.js";

export const VoucherStatus = z.enum(["issued", "claimed", "redeemed", "settled", "expired", "revoked"]);
export type VoucherStatus = z.output<typeof VoucherStatus>;

/** One step of the voucher loop: issue → claim → redeem (核销) → settle (拨付); or expire / revoke. */
export const VoucherStep = z.discriminatedUnion("type", [
  z.object({ type: z.literal("issued"), issuedAt: Timestamp, expiresOn: IsoDate }),
  z.object({ type: z.literal("claimed"), claimedAt: Timestamp }),
  z.object({
    type: z.literal("redeemed"),
    redeemedAt: Timestamp,
    providerId: ProviderId,
    marketId: MarketId.optional(),
    serviceRef: text(100, "The service reference").optional(),
  }),
  z.object({
    type: z.literal("settled"),
    settledAt: Timestamp,
    providerId: ProviderId,
    paymentRef: text(64, "The payment reference"),
  }),
  z.object({ type: z.literal("expired"), expiredOn: IsoDate }),
  z.object({ type: z.literal("revoked"), revokedAt: Timestamp, reason: text(200, "The reason") }),
]);
export type VoucherStep = z.output<typeof VoucherStep>;

export const VoucherEvent = personRecordObject({
  voucherId: VoucherId,
  policyId: PolicyId,
  amountFen: MoneyFen,
  event: VoucherStep,
}).meta({ description: "就业券 events, decided by the hub; a voucher is redeemed at most once" });
export type VoucherEvent = z.output<typeof VoucherEvent>;

export const voucherEvent = defineRecord({
  name: "voucher-event",
  version: 1,
  title: "Employment voucher event",
  titleZh: "就业券事件",
  schema: VoucherEvent,
  topic: "provinceVouchers",
  key: byPersonKey,
  subject: byId,
});
