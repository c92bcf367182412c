import { bigint, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { markets } from "./markets.js";

export const flowbackKinds = ["work-needed-notice", "voucher-notice"] as const;
export type FlowbackKind = (typeof flowbackKinds)[number];

/** The person as the market may see them: the pseudonymous key, the ID number and name masked. */
export interface MaskedPersonView {
  key: string;
  idNumber: string;
  name: string;
}

export interface WorkNeededView {
  status: "open" | "resolved";
  reasons: string[];
  keyGroups: string[];
  areaCode: string;
  /** Masked; the clear mobile is only in the encrypted column. */
  contactMobile: string | null;
  noticedAt: string;
}

export interface VoucherView {
  id: string;
  policyId: string;
  amountFen: number;
  status: string;
  expiresOn: string | null;
  changedAt: string;
  /** The market it was redeemed at, once redeemed (absent on items kept before it was shown). */
  redeemedAtMarket?: string | null;
}

/** What an item shows, kept as shown: never a clear ID number, name or mobile. */
export interface FlowbackPayload {
  person: MaskedPersonView;
  workNeeded: WorkNeededView | null;
  voucher: VoucherView | null;
}

/**
 * The last sequence number given out per market. Taking the next one locks the market's row until
 * the consumer's transaction commits, so a market's items commit in sequence order and a reader
 * resuming after sequence n can never miss an item numbered below a later one it has seen.
 */
export const flowbackFeeds = pgTable("gm_flowback_feeds", {
  marketId: text("market_id")
    .primaryKey()
    .references(() => markets.id),
  lastSequence: bigint("last_sequence", { mode: "number" }).notNull(),
});

/**
 * 数据回流 received for a market, as its ordered feed: one item per revision of a notice (a newer
 * revision appears again with its new state; an older one arriving late is dropped). The personal
 * data the notice carried in clear (a voucher's ID number and name, a contact mobile) is kept only
 * encrypted, as JSON, in pii_enc.
 */
export const flowbackItems = pgTable(
  "gm_flowback_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    marketId: text("market_id")
      .notNull()
      .references(() => markets.id),
    sequence: bigint("sequence", { mode: "number" }).notNull(),
    kind: text("kind", { enum: flowbackKinds }).notNull(),
    recordId: text("record_id").notNull(),
    revision: integer("revision").notNull(),
    payload: jsonb("payload").$type<FlowbackPayload>().notNull(),
    piiEnc: text("pii_enc"),
    receivedAt: timestamp("received_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    unique("gm_flowback_items_sequence").on(t.marketId, t.sequence),
    unique("gm_flowback_items_revision").on(t.marketId, t.recordId, t.revision),
    index("gm_flowback_items_kind").on(t.marketId, t.kind, t.sequence),
  ],
);
