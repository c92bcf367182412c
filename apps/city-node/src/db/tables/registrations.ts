import { sql } from "drizzle-orm";
import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { persons } from "./persons.js";

const personRef = () =>
  uuid("person_id")
    .notNull()
    .references(() => persons.id);

/** Columns every ledger record has: its id and revision as published, and the rest of the contract's fields. */
const ledgerColumns = () => ({
  id: uuid("id").primaryKey().defaultRandom(),
  revision: integer("revision").notNull().default(1),
  /** The contract's fields other than the person and the columns below, validated before they are written. */
  data: jsonb("data").$type<Record<string, unknown>>().notNull(),
  createdBy: uuid("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const unemploymentRegistrations = pgTable(
  "unemployment_registrations",
  {
    ...ledgerColumns(),
    personId: personRef(),
    state: text("state", { enum: ["applied", "registered", "closed"] }).notNull(),
    appliedOn: date("applied_on").notNull(),
    deadline: date("deadline").notNull(),
    closedOn: date("closed_on"),
    closeReason: text("close_reason"),
    servicePointId: text("service_point_id"),
  },
  // At most one open registration per person, whatever the race: the database says no to the second.
  (t) => [uniqueIndex("unemployment_one_open").on(t.personId).where(sql`${t.state} <> 'closed'`)],
);

export const employmentRegistrations = pgTable(
  "employment_registrations",
  { ...ledgerColumns(), personId: personRef(), employedOn: date("employed_on").notNull() },
  (t) => [index("employment_person").on(t.personId)],
);

export const jobSeekerRegistrations = pgTable(
  "job_seeker_registrations",
  { ...ledgerColumns(), personId: personRef() },
  (t) => [index("job_seeker_person").on(t.personId)],
);

export const vacancyRegistrations = pgTable(
  "vacancy_registrations",
  { ...ledgerColumns(), creditCode: text("credit_code").notNull(), divisionCode: text("division_code") },
  (t) => [index("vacancy_employer").on(t.creditCode)],
);
