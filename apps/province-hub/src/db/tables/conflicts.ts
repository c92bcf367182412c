import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * Conflicts between cities the hub found, and how it resolved them by the rule of BRIEF §3: the older
 * open registration closes; a registration closes when the person is employed elsewhere. The closing
 * instruction goes to the city that must act.
 */
export const hubConflicts = pgTable(
  "hub_conflicts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personKey: text("person_key").notNull(),
    kind: text("kind", { enum: ["two-open-registrations", "employed-while-registered"] }).notNull(),
    /** The registration that must close, and its city. */
    closeRecordId: text("close_record_id").notNull(),
    closeCity: text("close_city").notNull(),
    /** The newer record that decided it. */
    evidenceRecordId: text("evidence_record_id").notNull(),
    evidenceCity: text("evidence_city").notNull(),
    instructionId: uuid("instruction_id").notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One instruction per registration to close, however often the evidence is redelivered.
    uniqueIndex("hub_conflicts_once").on(t.closeRecordId),
    index("hub_conflicts_person").on(t.personKey),
  ],
);
