import { sql } from "drizzle-orm";
import { date, index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { ledgerColumns, personRef } from "./columns.js";

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
    /** For women: the category declared at application (原55岁 cadre / 原50岁 worker); sets the retirement date. */
    femaleCategory: text("female_category", { enum: ["cadre", "worker"] }),
  },
  // At most one open registration per person, whatever the race: the database says no to the second.
  // A person's registrations, closed ones too, are read at every application: by index, not a scan.
  (t) => [
    uniqueIndex("unemployment_one_open").on(t.personId).where(sql`${t.state} <> 'closed'`),
    index("unemployment_person").on(t.personId),
  ],
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
