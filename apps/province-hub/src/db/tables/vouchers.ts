import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { operators } from "./operators.js";

export const voucherStatuses = ["issued", "claimed", "redeemed", "settled", "expired", "revoked"] as const;
export const providerKinds = ["gig-market", "training-school"] as const;

/** 就业券 policies: what a voucher of the policy pays, to whom it is issued and who may redeem it. */
export const voucherPolicies = pgTable("hub_voucher_policies", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  serviceKind: text("service_kind").notNull(),
  amountFen: integer("amount_fen").notNull(),
  eligibleGroups: text("eligible_groups").array().notNull(),
  eligibleProviders: text("eligible_providers").array().notNull(),
  issueFrom: date("issue_from").notNull(),
  issueUntil: date("issue_until").notNull(),
  validDays: integer("valid_days").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Providers that redeem vouchers and are paid; a gig market's id is its market id. */
export const voucherProviders = pgTable("hub_voucher_providers", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  kind: text("kind", { enum: providerKinds }).notNull(),
  /** The settlement bank account, encrypted like personal data: it is shown masked only. */
  accountEnc: text("account_enc").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The gateway operators that speak for a provider: a gateway may redeem only in the name of a provider
 * that lists it here. A provider without a row here is redeemed for by operators and admins only.
 */
export const voucherProviderGateways = pgTable(
  "hub_voucher_provider_gateways",
  {
    providerId: text("provider_id")
      .notNull()
      .references(() => voucherProviders.id),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.providerId, t.operatorId] }),
    index("hub_voucher_provider_gateways_operator").on(t.operatorId),
  ],
);

/** One row per voucher, its current state; every change of it is a row of hub_voucher_trail. */
export const vouchers = pgTable(
  "hub_vouchers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    policyId: text("policy_id")
      .notNull()
      .references(() => voucherPolicies.id),
    personKey: text("person_key").notNull(),
    /** The holder's city and district when issued: where the flow-back goes. */
    cityCode: text("city_code").notNull(),
    districtCode: text("district_code"),
    amountFen: integer("amount_fen").notNull(),
    status: text("status", { enum: voucherStatuses }).notNull(),
    /** The number of states it has been in: the revision of its events. */
    step: integer("step").notNull().default(1),
    // Milliseconds: chosen when the list cursor carried them (one issue run stamps many vouchers with
    // one now(), and those after a page's last were skipped); the shared cursor carries the database's
    // own microseconds (newestFirst of @pes/sync), so paging no longer depends on it.
    issuedAt: timestamp("issued_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    expiresOn: date("expires_on").notNull(),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    redeemedAt: timestamp("redeemed_at", { withTimezone: true }),
    redeemedBy: text("redeemed_by"),
    marketId: text("market_id"),
    serviceRef: text("service_ref"),
    settledAt: timestamp("settled_at", { withTimezone: true }),
    settlementId: uuid("settlement_id"),
    /** When it expired or was revoked. */
    endedAt: timestamp("ended_at", { withTimezone: true }),
    revokeReason: text("revoke_reason"),
  },
  (t) => [
    // One live voucher of a policy per person, also under concurrent issue runs.
    uniqueIndex("hub_vouchers_one_live")
      .on(t.policyId, t.personKey)
      .where(sql`status not in ('expired', 'revoked')`),
    index("hub_vouchers_person").on(t.personKey),
    index("hub_vouchers_status").on(t.status, t.expiresOn),
    index("hub_vouchers_provider").on(t.redeemedBy, t.redeemedAt),
    // The assessment's vouchers redeemed in an area and quarter.
    index("hub_vouchers_city_redeemed").on(t.cityCode, t.redeemedAt),
  ],
);

/** 服务过程全记录: every state change of every voucher, who made it and when. */
export const voucherTrail = pgTable(
  "hub_voucher_trail",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    voucherId: uuid("voucher_id")
      .notNull()
      .references(() => vouchers.id),
    step: integer("step").notNull(),
    status: text("status", { enum: voucherStatuses }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actor: text("actor").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [uniqueIndex("hub_voucher_trail_step").on(t.voucherId, t.step)],
);

/** 拨付: one batch of a provider's redeemed vouchers, paid with one reference, and its file. */
export const voucherSettlements = pgTable(
  "hub_voucher_settlements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    providerId: text("provider_id")
      .notNull()
      .references(() => voucherProviders.id),
    through: date("through").notNull(),
    paymentRef: text("payment_ref").notNull().unique(),
    voucherCount: integer("voucher_count").notNull(),
    totalFen: bigint("total_fen", { mode: "number" }).notNull(),
    file: text("file").notNull(),
    fileSha256: text("file_sha256").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("hub_voucher_settlements_provider").on(t.providerId, t.createdAt)],
);
