import { integer, jsonb, timestamp, uuid } from "drizzle-orm/pg-core";
import { persons } from "./persons.js";

/** The person a ledger record is about. */
export const personRef = () =>
  uuid("person_id")
    .notNull()
    .references(() => persons.id);

/**
 * Columns every ledger record has: its id and revision as published, and the contract's fields other
 * than the person (and other than personal data, which lives encrypted in `persons`) in `data`.
 */
export const ledgerColumns = () => ({
  id: uuid("id").primaryKey().defaultRandom(),
  revision: integer("revision").notNull().default(1),
  data: jsonb("data").$type<Record<string, unknown>>().notNull(),
  createdBy: uuid("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
