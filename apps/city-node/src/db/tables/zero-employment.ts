import { date, index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { ledgerColumns, personRef } from "./columns.js";
import { persons } from "./persons.js";

/** 零就业家庭, keyed by the applicant (usually the head of household). */
export const zeroEmploymentFamilies = pgTable(
  "zero_employment_families",
  {
    ...ledgerColumns(),
    personId: personRef(),
    state: text("state", { enum: ["identified", "cleared"] }).notNull(),
    identifiedOn: date("identified_on").notNull(),
    clearedOn: date("cleared_on"),
  },
  (t) => [index("zero_employment_state").on(t.state)],
);

/**
 * Who belongs to which family: members are persons of the ledger (their ID numbers and names stay
 * encrypted there), so a member's employment finds the family to clear.
 */
export const zeroEmploymentFamilyMembers = pgTable(
  "zero_employment_family_members",
  {
    familyId: uuid("family_id")
      .notNull()
      .references(() => zeroEmploymentFamilies.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id),
  },
  (t) => [primaryKey({ columns: [t.familyId, t.personId] }), index("zero_employment_member").on(t.personId)],
);
