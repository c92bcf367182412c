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
    /** The finest division known for the person's residence: what decides whose jurisdiction they are in. */
    divisionCode: text("division_code").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("persons_division").on(t.divisionCode)],
);
