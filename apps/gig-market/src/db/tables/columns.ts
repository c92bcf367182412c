import { timestamp } from "drizzle-orm/pg-core";

/**
 * Millisecond precision, as JavaScript dates have. It was chosen for the list cursor when that carried
 * its last row's time as a Date; the shared cursor carries the database's own microseconds
 * (newestFirst of @pes/sync), so paging no longer depends on it.
 */
export const createdAt = () =>
  timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow();
