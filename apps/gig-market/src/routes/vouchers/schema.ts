import { z } from "@hono/zod-openapi";
import { HubVoucher, VoucherId } from "@pes/schemas";
import type { RedemptionRow } from "../../use-cases/vouchers/redeem.js";
import { Instant } from "../shared.js";

export const tags = ["Vouchers 就业券"];

export const VoucherParam = z.object({
  voucherId: VoucherId.meta({ param: { name: "voucherId", in: "path" }, examples: ["V2026-000001"] }),
});

export const RedemptionInput = z
  .object({
    voucherId: VoucherId,
    workerId: z.uuid().openapi({ description: "The worker who holds the voucher and received the service" }),
    placementId: z.uuid().optional().openapi({
      description: "The placement the voucher pays for; it is republished with the voucher",
    }),
    serviceRef: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(100, "at most 100 characters")
      .optional()
      .openapi({
        description:
          "Your reference of the service delivered; default: the placement, else the worker. Keep it the same when you retry",
      }),
  })
  .strict()
  .openapi("VoucherRedemptionInput");

/** The hub's voucher (the contract's HubVoucher) as this market shows it: the holder masked, no more. */
export const VoucherView = HubVoucher.pick({
  id: true,
  policyId: true,
  policyName: true,
  serviceKind: true,
  amountFen: true,
})
  .extend({
    status: z.string().openapi({ description: "issued, claimed, redeemed, settled, expired or revoked" }),
    expiresOn: z.string().nullable(),
    holder: z.object({
      name: z.string().openapi({ description: "Masked", example: "陈*" }),
      idNumber: z.string().openapi({ description: "Masked", example: "3502**********123X" }),
    }),
  })
  .openapi("Voucher");

export const RedemptionView = z
  .object({
    id: z.uuid(),
    voucherId: z.string(),
    workerId: z.uuid(),
    placementId: z.uuid().nullable(),
    serviceRef: z.string(),
    policyId: z.string(),
    policyName: z.string(),
    amountFen: z.number().int(),
    redeemedAt: Instant,
  })
  .openapi("VoucherRedemption");

export const presentVoucher = (v: HubVoucher): z.infer<typeof VoucherView> => ({
  id: v.id,
  policyId: v.policyId,
  policyName: v.policyName,
  serviceKind: v.serviceKind,
  amountFen: v.amountFen,
  status: v.status,
  expiresOn: v.expiresOn,
  holder: { name: v.holder.nameMasked, idNumber: v.holder.idNumberMasked },
});

export const presentRedemption = (row: RedemptionRow): z.infer<typeof RedemptionView> => ({
  id: row.id,
  voucherId: row.voucherId,
  workerId: row.workerId,
  placementId: row.placementId,
  serviceRef: row.serviceRef,
  policyId: row.policyId,
  policyName: row.policyName,
  amountFen: row.amountFen,
  redeemedAt: row.redeemedAt.toISOString(),
});
