import {
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { operators } from "./operators.js";

/** Records applied per source (/city/350200, /gig/<market>), record type and day (China time), for reporting. */
export const sourceDailyCounts = pgTable(
  "hub_source_daily_counts",
  {
    source: text("source").notNull(),
    type: text("type").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    records: integer("records").notNull().default(0),
    /** Records that reached the hub more than LATE_AFTER_HOURS after their own time. */
    lateRecords: integer("late_records").notNull().default(0),
    firstTime: timestamp("first_time", { withTimezone: true }).notNull(),
    lastTime: timestamp("last_time", { withTimezone: true }).notNull(),
    lastReceivedAt: timestamp("last_received_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.type, t.day] }), index("hub_source_daily_counts_day").on(t.day)],
);

/** Who put which dead letter back on its origin topic, and when. */
export const deadLetterReplays = pgTable(
  "hub_dead_letter_replays",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    deadLetterTopic: text("dead_letter_topic").notNull(),
    partition: integer("partition").notNull(),
    offset: text("offset").notNull(),
    originTopic: text("origin_topic").notNull(),
    reason: text("reason").notNull(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    forced: boolean("forced").notNull().default(false),
    replayedAt: timestamp("replayed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("hub_dead_letter_replays_letter").on(t.deadLetterTopic, t.partition, t.offset)],
);
