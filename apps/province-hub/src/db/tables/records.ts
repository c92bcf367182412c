import { date, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * 一库: every record of every city and gig market, its newest revision. The person is kept by key
 * only; who the key belongs to is in hub_persons, encrypted.
 */
export const hubRecords = pgTable(
  "hub_records",
  {
    recordId: text("record_id").primaryKey(),
    type: text("type").notNull(),
    revision: integer("revision").notNull(),
    cityCode: text("city_code").notNull(),
    districtCode: text("district_code"),
    personKey: text("person_key"),
    /** The CloudEvents source that sent it: /city/350200, /gig/<market>. */
    source: text("source").notNull(),
    eventId: text("event_id").notNull(),
    eventTime: timestamp("event_time", { withTimezone: true }).notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("hub_records_person").on(t.personKey, t.eventTime),
    index("hub_records_city_type").on(t.cityCode, t.type),
  ],
);

/** One row per person of the province, merged across cities by the person key. */
export const hubPersons = pgTable("hub_persons", {
  personKey: text("person_key").primaryKey(),
  idNumberEnc: text("id_number_enc").notNull(),
  nameEnc: text("name_enc").notNull(),
  sex: text("sex"),
  birthDate: date("birth_date"),
  cities: text("cities").array().notNull(),
  firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
});

/** The open unemployment registrations of the province, one row per registration: what conflicts are checked against. */
export const hubOpenRegistrations = pgTable(
  "hub_open_registrations",
  {
    recordId: text("record_id").primaryKey(),
    personKey: text("person_key").notNull(),
    cityCode: text("city_code").notNull(),
    appliedOn: date("applied_on").notNull(),
  },
  (t) => [index("hub_open_person").on(t.personKey)],
);
