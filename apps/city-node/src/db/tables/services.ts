import { boolean, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ledgerColumns, personRef } from "./columns.js";

/** One service given to a person: the 131 tracker and the service-point assessment count these. */
export const serviceRecords = pgTable(
  "service_records",
  {
    ...ledgerColumns(),
    personId: personRef(),
    servicePointId: text("service_point_id").notNull(),
    serviceType: text("service_type").notNull(),
    staffId: uuid("staff_id").notNull(),
    servedAt: timestamp("served_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("service_records_person").on(t.personId, t.servedAt),
    index("service_records_point").on(t.servicePointId, t.servedAt),
  ],
);

export const trainingRecords = pgTable(
  "training_records",
  {
    ...ledgerColumns(),
    personId: personRef(),
    stage: text("stage", { enum: ["enrolled", "completed", "dropped-out"] }).notNull(),
    enrolledOn: date("enrolled_on").notNull(),
    completedOn: date("completed_on"),
    subsidised: boolean("subsidised").notNull(),
  },
  (t) => [index("training_records_person").on(t.personId)],
);

/** 好差评: at most one rating per service record. */
export const serviceRatings = pgTable(
  "service_ratings",
  {
    ...ledgerColumns(),
    personId: personRef(),
    serviceRecordId: uuid("service_record_id").references(() => serviceRecords.id),
    servicePointId: text("service_point_id"),
    category: text("category").notNull(),
    satisfied: boolean("satisfied").notNull(),
    ratedAt: timestamp("rated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("service_ratings_one_per_service").on(t.serviceRecordId),
    index("service_ratings_point").on(t.servicePointId, t.ratedAt),
  ],
);
