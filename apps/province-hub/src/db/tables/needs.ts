import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

/** The 131 parts still owed, as the service-needed notice carries them. */
export interface Shortfall131 {
  careerGuidance: number;
  jobRecommendations: number;
  trainingOrInternship: number;
}

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
    /**
     * What the notice said, kept so the operator console can total open needs per district in one
     * query (the digest is for change detection only): the anchor record's district, or the city
     * when it has none; null only on rows resolved before the column existed.
     */
    areaCode: text("area_code"),
    /** The 131 parts owed while open; null when resolved or 131 is not among the reasons. */
    shortfall131: jsonb("shortfall131").$type<Shortfall131>(),
  },
  (t) => [
    primaryKey({ columns: [t.personKey, t.cityCode] }),
    index("hub_sent_needs_open_area").on(t.cityCode, t.areaCode).where(sql`status = 'open'`),
  ],
);

/** The gig markets the hub has heard from, and the districts their gig work is in: their area. */
export const gigMarkets = pgTable("hub_gig_markets", {
  marketId: text("market_id").primaryKey(),
  cityCode: text("city_code").notNull(),
  districtCodes: text("district_codes").array().notNull(),
  /** When the hub last applied a gig event of the market; null for a market registered but never reporting. */
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).defaultNow(),
  /** The market registry (operators): the district it is registered in, and the standardised flag (规范化零工市场). */
  districtCode: text("district_code"),
  name: text("name"),
  standardised: boolean("standardised").notNull().default(false),
  registeredBy: text("registered_by"),
  registeredAt: timestamp("registered_at", { withTimezone: true }),
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
