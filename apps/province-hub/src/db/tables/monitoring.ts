import {
  bigint,
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

/**
 * Every dead letter's why and where, indexed as it reaches the dead-letter topic, so browsing them is
 * one query however long the topic grows. Headers and a shape-only summary: never the record's value.
 */
export const deadLetterIndex = pgTable(
  "hub_dead_letters",
  {
    deadLetterTopic: text("dead_letter_topic").notNull(),
    partition: integer("partition").notNull(),
    /** A Kafka offset is an int64; as bigint it sorts as a number. */
    offset: bigint("offset", { mode: "bigint" }).notNull(),
    reason: text("reason").notNull(),
    detail: text("detail").notNull(),
    fieldPath: text("field_path"),
    schema: text("schema"),
    originTopic: text("origin_topic").notNull(),
    originPartition: integer("origin_partition").notNull(),
    originOffset: text("origin_offset").notNull(),
    group: text("group").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    eventId: text("event_id"),
    type: text("type"),
    source: text("source"),
    cityCode: text("city_code"),
    summary: text("summary").notNull(),
    /** The rule that refused it, when a handler named one (pes_dlq_code), e.g. person-key-mismatch. */
    code: text("code"),
    /**
     * The rejection notice sent to the record's city about it (use-cases/flowback/rejections.ts), in
     * the transaction that indexed it: only for a refusal of the ingest after the city's signature verified.
     */
    noticeId: text("notice_id"),
  },
  (t) => {
    // Each index ends in the listing's order (read backwards: newest first), so a page of a filter
    // is read in order and the scan stops at its end.
    const order = [t.at, t.partition, t.offset] as const;
    return [
      primaryKey({ columns: [t.deadLetterTopic, t.partition, t.offset] }),
      index("hub_dead_letters_newest").on(t.deadLetterTopic, ...order),
      index("hub_dead_letters_reason").on(t.deadLetterTopic, t.reason, ...order),
      index("hub_dead_letters_origin").on(t.deadLetterTopic, t.originTopic, ...order),
      index("hub_dead_letters_city").on(t.deadLetterTopic, t.cityCode, ...order),
      index("hub_dead_letters_group").on(t.deadLetterTopic, t.group, ...order),
    ];
  },
);
