import { describe, expect, it } from "vitest";
import {
  HUB_VOUCHER_API,
  HubVoucher,
  HubVoucherRedeemed,
  HubVoucherRedemption,
  hubVoucherPath,
} from "../src/index.js";

const voucher = {
  id: "8f14e45f-ceea-4f6a-9b7e-3c2d1a0b9e8f",
  policyId: "xm-skills-training-2026",
  policyName: "厦门市职业技能培训补贴券",
  serviceKind: "skills-training",
  amountFen: 100000,
  status: "redeemed",
  issuedAt: "2026-03-01T02:00:00.000Z",
  expiresOn: "2026-05-29",
  claimedAt: "2026-03-02T02:00:00.000Z",
  holder: { nameMasked: "陈*", idNumberMasked: "3502**********123X" },
  personKey: `pk_${"a".repeat(32)}`,
  cityCode: "350200",
  districtCode: "350203",
  redeemedBy: null,
  redeemedAt: "2026-03-05T02:00:00.000Z",
  marketId: "xm-siming",
  serviceRef: "gig-2026-000123",
  settledAt: null,
  settlementId: null,
};

describe("the hub's voucher API", () => {
  it("names its paths, with the voucher's id put in", () => {
    expect(HUB_VOUCHER_API).toEqual({
      voucher: "/v1/vouchers/{voucherId}",
      redemption: "/v1/vouchers/{voucherId}/redemption",
    });
    expect(hubVoucherPath(HUB_VOUCHER_API.redemption, "a/b c")).toBe("/v1/vouchers/a%2Fb%20c/redemption");
  });

  it("reads a voucher as the hub answers it, and the answer to a redemption", () => {
    expect(HubVoucher.parse(voucher)).toEqual(voucher);
    expect(HubVoucherRedeemed.parse({ voucher })).toEqual({ voucher });
    // A field the hub adds later is dropped, not refused.
    expect(HubVoucher.parse({ ...voucher, later: 1 })).toEqual(voucher);
  });

  it("refuses an answer that is not a voucher", () => {
    expect(HubVoucher.safeParse({}).success).toBe(false);
    expect(HubVoucher.safeParse({ ...voucher, status: "lost" }).success).toBe(false);
    expect(HubVoucher.safeParse({ ...voucher, amountFen: 1.5 }).success).toBe(false);
    expect(HubVoucherRedeemed.safeParse(voucher).success).toBe(false);
  });

  it("checks a redemption: the provider, the holder's person key, the reference", () => {
    const redemption = { providerId: "xm-siming", personKey: `pk_${"a".repeat(32)}`, serviceRef: " gig-1 " };
    expect(HubVoucherRedemption.parse(redemption)).toEqual({ ...redemption, serviceRef: "gig-1" });
    const problems = HubVoucherRedemption.safeParse({
      providerId: "",
      personKey: "pk_short",
      serviceRef: "",
    }).error?.issues.map((i) => i.path.join("."));
    expect(problems).toEqual(["providerId", "personKey", "serviceRef"]);
  });
});
