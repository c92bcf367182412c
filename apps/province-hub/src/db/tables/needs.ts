import { integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The service-needed notice last sent for each person to each city: sent again only when what the
 * person needs changes, as a new revision of the same notice.
 */
export const sentNeeds = pgTable(
  "hub_sent_needs",
  {
    personKey: text("person_key").notNull(),
    cityCode: text("city_code").notNull(),
    noticeId: uuid("notice_id").notNull().defaultRandom(),
    revision: integer("revision").notNull(),
    status: text("status", { enum: ["open", "resolved"] }).notNull(),
    digest: text("digest").notNull(),
    reasons: text("reasons").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.personKey, t.cityCode] })],
);

/** The gig markets the hub has heard from, and the districts their gig work is in: their area. */
export const gigMarkets = pgTable("hub_gig_markets", {
  marketId: text("market_id").primaryKey(),
  cityCode: text("city_code").notNull(),
  districtCodes: text("district_codes").array().notNull(),
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
});

/** The work-needed notice last sent for each person to each gig market of their area. */
export const sentMarketNeeds = pgTable(
  "hub_sent_market_needs",
  {
    personKey: text("person_key").notNull(),
    marketId: text("market_id").notNull(),
    noticeId: uuid("notice_id").notNull().defaultRandom(),
    revision: integer("revision").notNull(),
    status: text("status", { enum: ["open", "resolved"] }).notNull(),
    digest: text("digest").notNull(),
  },
  (t) => [primaryKey({ columns: [t.personKey, t.marketId] })],
);
