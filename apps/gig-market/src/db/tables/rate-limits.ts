import { bigint, integer, pgTable, varchar } from "drizzle-orm/pg-core";

/**
 * The per-market request budget, shared by every instance of the service: rate-limiter-flexible's
 * RateLimiterPostgres table, as its own CREATE TABLE has it (key, points used in the window, the
 * window's end in epoch ms), made by a migration rather than by the library at start-up.
 */
export const rateLimits = pgTable("gm_rate_limits", {
  key: varchar("key", { length: 255 }).primaryKey(),
  points: integer("points").notNull().default(0),
  expire: bigint("expire", { mode: "number" }),
});
