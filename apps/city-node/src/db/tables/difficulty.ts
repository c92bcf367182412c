import { sql } from "drizzle-orm";
import { date, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ledgerColumns, personRef } from "./columns.js";

/** 就业困难人员认定: applications and their decisions. */
export const difficultyRecognitions = pgTable(
  "difficulty_recognitions",
  {
    ...ledgerColumns(),
    personId: personRef(),
    state: text("state", { enum: ["applied", "recognised", "refused"] }).notNull(),
    appliedOn: date("applied_on").notNull(),
    decidedOn: date("decided_on"),
    unemploymentRegistrationId: uuid("unemployment_registration_id"),
  },
  // One undecided application per person, whatever the race.
  (t) => [uniqueIndex("difficulty_one_pending").on(t.personId).where(sql`${t.state} = 'applied'`)],
);
