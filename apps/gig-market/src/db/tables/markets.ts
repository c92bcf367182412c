import { index, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns.js";

/** A gig market (零工市场): one tenant of this deployment, with its own keys and data. */
export const markets = pgTable("gm_markets", {
  /** MarketId, e.g. xm-siming-gig: also its CloudEvents source /gig/{id} and flow-back topic. */
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  cityCode: text("city_code").notNull(),
  /** Absent for a city-wide market. */
  districtCode: text("district_code"),
  createdAt: createdAt(),
});

/** The market's grassroots gig stations (零工驿站). */
export const stations = pgTable(
  "gm_stations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    marketId: text("market_id")
      .notNull()
      .references(() => markets.id),
    name: text("name").notNull(),
    divisionCode: text("division_code").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("gm_stations_name").on(t.marketId, t.name),
    index("gm_stations_page").on(t.marketId, t.createdAt, t.id),
  ],
);

/** API keys, stored as SHA-256 of the key: a leaked table cannot be replayed. */
export const apiKeys = pgTable(
  "gm_api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    marketId: text("market_id")
      .notNull()
      .references(() => markets.id),
    label: text("label").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    /** The first characters of the key, so an operator can tell keys apart without the secret. */
    prefix: text("prefix").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("gm_api_keys_page").on(t.marketId, t.createdAt, t.id)],
);
