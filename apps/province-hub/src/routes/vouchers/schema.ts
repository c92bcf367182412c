import { z } from "@hono/zod-openapi";
import { pageQuery } from "@pes/http";
import {
  CityCode,
  HubVoucher,
  HubVoucherRedemption,
  IsoDate,
  KeyGroup,
  MarketId,
  MoneyFen,
  PERSON_KEY_PATTERN,
  PolicyId,
  ProviderId,
  ResidentId,
  text,
  VoucherStatus,
} from "@pes/schemas";
import { providerKinds, voucherStatuses } from "../../db/tables/vouchers.js";
import { serviceKinds } from "../../use-cases/vouchers/policies.js";

export const tags = ["Employment vouchers 就业券"];

const unique = (list: readonly string[]) => new Set(list).size === list.length;
const PersonKeyText = z.string().regex(PERSON_KEY_PATTERN, "A person key: pk_ followed by 32 characters");

const PolicyFields = {
  name: text(100, "The name"),
  serviceKind: z.enum(serviceKinds),
  amountFen: MoneyFen.min(1, "A voucher pays at least 1 fen"),
  eligibleGroups: z.array(KeyGroup).min(1, "Name at least one key group").refine(unique, "Each group once"),
  eligibleProviders: z
    .array(ProviderId)
    .min(1, "Name at least one provider")
    .refine(unique, "Each provider once"),
  issueFrom: IsoDate,
  issueUntil: IsoDate,
  validDays: z.number().int("Whole days").min(1).max(730),
};
const windowInOrder = (p: { issueFrom?: string; issueUntil?: string }) =>
  !p.issueFrom || !p.issueUntil || p.issueFrom <= p.issueUntil;
const windowIssue = { message: "issueUntil is before issueFrom", path: ["issueUntil"] };

export const PolicyInput = z
  .object({ id: PolicyId, ...PolicyFields })
  .refine(windowInOrder, windowIssue)
  .openapi("VoucherPolicyInput", {
    example: {
      id: "xm-skills-training-2026",
      name: "厦门市职业技能培训补贴券",
      serviceKind: "skills-training",
      amountFen: 100000,
      eligibleGroups: ["registered-unemployed", "rural-migrant"],
      eligibleProviders: ["xm-siming", "xm-tech-school"],
      issueFrom: "2026-01-01",
      issueUntil: "2026-12-31",
      validDays: 90,
    },
  });
export const PolicyPatch = z
  .object(PolicyFields)
  .partial()
  .refine((p) => Object.keys(p).length > 0, "Give at least one field")
  .refine(windowInOrder, windowIssue)
  .openapi("VoucherPolicyPatch");
export const PolicyView = z
  .object({ id: z.string(), ...PolicyFields, createdAt: z.string(), updatedAt: z.string() })
  .openapi("VoucherPolicy");
// Built here, not from the contract's PolicyId: .openapi exists only on schemas made after
// @hono/zod-openapi is loaded, and the contract may load first.
export const PolicyParam = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "A policy id")
    .openapi({ param: { name: "id", in: "path" } }),
});

/** Each gateway operator once; a duplicate is pointed at by its index (gatewayIds.<i>). */
const GatewayIds = z
  .array(z.uuid("An operator id is a UUID"))
  .max(50, "At most 50 gateways")
  .superRefine((ids, ctx) => {
    const lower = ids.map((id) => id.toLowerCase());
    lower.forEach((id, i) => {
      if (lower.indexOf(id) !== i) ctx.addIssue({ code: "custom", path: [i], message: "Each gateway once" });
    });
  })
  .openapi({
    description:
      "The gateway operators (role gateway, active) that may redeem in this provider's name: for a gig market, its deployment's gateway. A gateway not listed gets 403 provider-not-served. None (the default, and what providers added before this field existed have): only operators and admins redeem for it.",
  });

export const ProviderInput = z
  .object({
    id: ProviderId,
    name: text(100, "The name"),
    kind: z.enum(providerKinds),
    settlementAccount: z.object({
      bankName: text(100, "The bank"),
      accountName: text(100, "The account name"),
      accountNumber: z.string().regex(/^\d{8,30}$/, "The account number: 8 to 30 digits"),
    }),
    gatewayIds: GatewayIds.optional(),
  })
  .superRefine((p, ctx) => {
    // A gig market's provider id is its market id, so its flow-back and redemptions line up.
    if (p.kind === "gig-market" && !MarketId.safeParse(p.id).success)
      ctx.addIssue({ code: "custom", path: ["id"], message: "A gig market's provider id is its market id" });
  })
  .openapi("VoucherProviderInput", {
    example: {
      id: "xm-siming",
      name: "思明区零工市场",
      kind: "gig-market",
      settlementAccount: {
        bankName: "中国工商银行厦门分行",
        accountName: "思明区零工市场",
        accountNumber: "6222020400012345678",
      },
      gatewayIds: ["0b7d3c2e-4f1a-4c6b-9d2e-8a5f3b1c7e90"],
    },
  });
export const ProviderPatch = z
  .object({ gatewayIds: GatewayIds })
  .openapi("VoucherProviderPatch", { example: { gatewayIds: ["0b7d3c2e-4f1a-4c6b-9d2e-8a5f3b1c7e90"] } });
// Built here, not from the contract's ProviderId (see PolicyParam).
export const ProviderParam = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "A provider id")
    .openapi({ param: { name: "id", in: "path" } }),
});
export const ProviderView = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(providerKinds),
    settlementAccount: z.object({
      bankName: z.string(),
      accountName: z.string(),
      accountNumberMasked: z.string().openapi({ example: "6222***********5678" }),
    }),
    gatewayIds: z.array(z.string()).openapi({ description: "The gateways that speak for it, sorted" }),
    createdAt: z.string(),
  })
  .openapi("VoucherProvider");

export const VoucherParam = z.object({
  voucherId: z.uuid("A voucher id is a UUID").openapi({ param: { name: "voucherId", in: "path" } }),
});

// The voucher and the redemption are the contract's (HubVoucher, HubVoucherRedemption: the gig market
// parses the answers with them), named here for the document; built anew from their shapes, as
// .openapi exists only on schemas made after @hono/zod-openapi is loaded (see PolicyParam).
export const VoucherView = z.object(HubVoucher.shape).openapi("Voucher");
export const VoucherEnvelope = z.object({ voucher: VoucherView }).openapi("VoucherResult");

export const IssueInput = z
  .object({ policyId: PolicyId, personKey: PersonKeyText })
  .openapi("VoucherIssueInput");
export const IssueRunInput = z.object({ cityCode: CityCode.optional() }).openapi("VoucherIssueRunInput");
export const ClaimInput = z.object({ idNumber: ResidentId }).openapi("VoucherClaimInput");
export const RedemptionInput = z.object(HubVoucherRedemption.shape).openapi("VoucherRedemptionInput", {
  example: { providerId: "xm-siming", personKey: `pk_${"a".repeat(32)}`, serviceRef: "gig-2026-000123" },
});
export const RevocationInput = z
  .object({ reason: text(200, "The reason") })
  .openapi("VoucherRevocationInput");
export const ExpiryRunInput = z.object({ asOf: IsoDate.optional() }).openapi("VoucherExpiryRunInput");
export const SettlementInput = z
  .object({ providerId: ProviderId, through: IsoDate })
  .openapi("VoucherSettlementInput");

export const ListQuery = z.object({
  status: z.enum(voucherStatuses).optional(),
  policyId: PolicyId.optional(),
  personKey: PersonKeyText.optional(),
  ...pageQuery({ max: 500, defaultLimit: 100, cursorCheck: "handler" }).shape,
});

export const TrailEntry = z
  .object({
    step: z.number().int(),
    status: VoucherStatus,
    at: z.string(),
    actor: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi("VoucherTrailEntry");

export const SettlementView = z
  .object({
    id: z.string(),
    providerId: z.string(),
    through: z.string(),
    paymentRef: z.string(),
    voucherCount: z.number().int(),
    totalFen: z.number().int(),
    fileSha256: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi("VoucherSettlement");
export const SettlementParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "A month: YYYY-MM");
export const ReconciliationQuery = z.object({ period: Period, providerId: ProviderId.optional() });
export const LoopQuery = z.object({
  period: Period.optional().openapi({
    description: "A month, YYYY-MM; the current month in China time if left out",
  }),
});
