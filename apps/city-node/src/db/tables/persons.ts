import { date, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The city's real-name ledger of persons. The ID number, name and phone are stored encrypted
 * (AES-256-GCM, PiiCipher of @pes/sync); a person is found by the person key, the keyed HMAC of the ID
 * number that is also the Kafka key, so the clear ID is never an index.
 */
export const persons = pgTable(
  "persons",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personKey: text("person_key").notNull().unique(),
    idNumberEnc: text("id_number_enc").notNull(),
    nameEnc: text("name_enc").notNull(),
    phoneEnc: text("phone_enc"),
    sex: text("sex", { enum: ["male", "female"] }).notNull(),
    birthDate: date("birth_date").notNull(),
    /**
     * The finest division known for the person's residence: what decides whose jurisdiction (area) they
     * are in. Set by the first registration; changed only by a transfer (person_transfers).
     */
    divisionCode: text("division_code").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("persons_division").on(t.divisionCode)],
);

/**
 * 迁移: a person's area moved by a supervisor or city admin of the receiving area, with the reason. The
 * person's division_code changes only here; node-local (the contract has no person record), audited as
 * `transfer` in audit_log.
 */
export const personTransfers = pgTable(
  "person_transfers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id),
    fromDivisionCode: text("from_division_code").notNull(),
    toDivisionCode: text("to_division_code").notNull(),
    reason: text("reason").notNull(),
    staffId: uuid("staff_id").notNull(),
    requestId: text("request_id"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("person_transfers_person").on(t.personId, t.at)],
);
