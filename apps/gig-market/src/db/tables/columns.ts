import { timestamp } from "drizzle-orm/pg-core";

/**
 * Millisecond precision, as JavaScript dates have: a page cursor carries the time of its last row, and
 * PostgreSQL's default microseconds would make that row compare after its own cursor.
 */
export const createdAt = () =>
  timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow();
