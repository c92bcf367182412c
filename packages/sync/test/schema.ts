import { bigserial, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export { inbox, outbox } from "../src/schema.js";

/** The consumer's store in the tests: one row per application of an event, so a double apply shows. */
export const received = pgTable("received", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  eventId: text("event_id").notNull(),
  type: text("type").notNull(),
  personKey: text("person_key"),
  seq: integer("seq"),
  payload: text("payload").notNull(),
  appliedAt: timestamp("applied_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Per-person counters the ordering test's writers increment under row locks. */
export const counters = pgTable("counters", {
  personKey: text("person_key").primaryKey(),
  n: integer("n").notNull().default(0),
});
