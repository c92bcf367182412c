import { z } from "zod";
import { VoucherStatus } from "./records/voucher-event.js";
import { MarketId, PersonKey, ProviderId, text } from "./values/identifiers.js";

/**
 * The hub's voucher API (就业券) as a redeeming provider calls it over HTTP with a gateway token: the
 * gig markets look a voucher up and redeem it (核销) there, the hub being the only voucher authority.
 * The hub's routes are typed with these schemas (and named for its OpenAPI document there); a client
 * sends its requests and parses the answers with them. Plain zod: the HTTP kit is the apps' business.
 */
export const HUB_VOUCHER_API = {
  /** GET: the voucher (HubVoucher). */
  voucher: "/v1/vouchers/{voucherId}",
  /** POST HubVoucherRedemption: the voucher, redeemed (HubVoucherRedeemed). */
  redemption: "/v1/vouchers/{voucherId}/redemption",
} as const;

/** A path of HUB_VOUCHER_API with the voucher's id in it, e.g. /v1/vouchers/8f1…/redemption. */
export const hubVoucherPath = (
  path: (typeof HUB_VOUCHER_API)[keyof typeof HUB_VOUCHER_API],
  voucherId: string,
) => path.replace("{voucherId}", encodeURIComponent(voucherId));

/** A voucher as the hub shows it; the holder masked, and a gateway is not told who redeemed it. */
export const HubVoucher = z.object({
  id: z.string(),
  policyId: z.string(),
  policyName: z.string(),
  serviceKind: z.string(),
  amountFen: z.number().int(),
  status: VoucherStatus,
  issuedAt: z.string(),
  expiresOn: z.string(),
  claimedAt: z.string().nullable(),
  holder: z.object({ nameMasked: z.string(), idNumberMasked: z.string() }),
  personKey: z.string(),
  cityCode: z.string(),
  districtCode: z.string().nullable(),
  redeemedBy: z.string().nullable().meta({ description: "null for a gateway unless it redeemed it" }),
  redeemedAt: z.string().nullable(),
  marketId: z.string().nullable(),
  serviceRef: z.string().nullable(),
  settledAt: z.string().nullable(),
  settlementId: z.string().nullable(),
});
export type HubVoucher = z.output<typeof HubVoucher>;

/** What a provider redeems a voucher with: in its own name, for the holder, with its reference of the service. */
export const HubVoucherRedemption = z.object({
  providerId: ProviderId,
  personKey: PersonKey,
  serviceRef: text(100, "The service reference").optional(),
  marketId: MarketId.optional(),
});
export type HubVoucherRedemption = z.input<typeof HubVoucherRedemption>;

/** The answer to a redemption (or to its identical retry). */
export const HubVoucherRedeemed = z.object({ voucher: HubVoucher });
export type HubVoucherRedeemed = z.output<typeof HubVoucherRedeemed>;
