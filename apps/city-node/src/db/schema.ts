import { sql } from "drizzle-orm";
import { check, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// The outbox and inbox of packages/sync live in every service's own database, so they are part
// of this schema and of this app's migrations.
export { inbox, outbox } from "@pes/sync/schema";

/**
 * Which city this database belongs to: one row, written at the first start. A node started with
 * another CITY_CODE refuses to run on it, so one city's ledgers never get published as another's.
 */
export const nodeInfo = pgTable(
  "node_info",
  {
    id: integer("id").primaryKey().default(1),
    cityCode: text("city_code").notNull(),
    firstStartedAt: timestamp("first_started_at", { withTimezone: true }).notNull().defaultNow(),
    lastStartedAt: timestamp("last_started_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("node_info_single_row", sql`${t.id} = 1`)],
);

export * from "./tables/audit.js";
export * from "./tables/calendar.js";
export * from "./tables/difficulty.js";
export * from "./tables/feedback.js";
export * from "./tables/flowback.js";
export * from "./tables/imports.js";
export * from "./tables/intake.js";
export * from "./tables/key-groups.js";
export * from "./tables/layoff-reports.js";
export * from "./tables/network.js";
export * from "./tables/persons.js";
export * from "./tables/registrations.js";
export * from "./tables/services.js";
export * from "./tables/zero-employment.js";
