import { index, integer, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns.js";
import { markets } from "./markets.js";
import { placements } from "./placements.js";
import { workers } from "./workers.js";

/**
 * Vouchers this market redeemed (核销), as the hub confirmed them: the market's own record for its
 * reconciliation with the province. The hub keeps the voucher's state; this is never consulted to
 * decide whether a voucher may be redeemed.
 */
export const voucherRedemptions = pgTable(
  "gm_voucher_redemptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    marketId: text("market_id")
      .notNull()
      .references(() => markets.id),
    voucherId: text("voucher_id").notNull(),
    workerId: uuid("worker_id")
      .notNull()
      .references(() => workers.id),
    placementId: uuid("placement_id").references(() => placements.id),
    serviceRef: text("service_ref").notNull(),
    policyId: text("policy_id").notNull(),
    policyName: text("policy_name").notNull(),
    amountFen: integer("amount_fen").notNull(),
    redeemedAt: timestamp("redeemed_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("gm_voucher_redemptions_once").on(t.marketId, t.voucherId),
    index("gm_voucher_redemptions_page").on(t.marketId, t.createdAt, t.id),
  ],
);
