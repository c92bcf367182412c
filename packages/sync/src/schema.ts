import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

/**
 * Transactional outbox: a service inserts its record and these rows in one transaction; the relay
 * publishes pending rows in id order. Services include this table in their drizzle schema, so their
 * own migrations create it.
 */
export const outbox = pgTable(
  "pes_outbox",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    eventId: text("event_id").notNull(),
    topic: text("topic").notNull(),
    messageKey: text("message_key").notNull(),
    headers: jsonb("headers").$type<Record<string, string>>().notNull(),
    payload: text("payload").notNull(),
    /** W3C trace context of the request that wrote the record, so the trace continues at the consumer. */
    traceparent: text("traceparent"),
    tracestate: text("tracestate"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
  },
  (t) => [index("pes_outbox_pending").on(t.id).where(sql`${t.publishedAt} is null`)],
);

/** Inbox: which events a consumer group has applied, so a redelivered event is applied once. */
export const inbox = pgTable(
  "pes_inbox",
  {
    consumerGroup: text("consumer_group").notNull(),
    eventId: text("event_id").notNull(),
    topic: text("topic").notNull(),
    partition: integer("partition").notNull(),
    offset: bigint("offset", { mode: "bigint" }).notNull(),
    /** The batch signature it came with: the same event again at another offset with it is a replay (docs/adr/0006). */
    signature: text("signature"),
    appliedAt: timestamp("applied_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consumerGroup, t.eventId] })],
);

export const syncTables = { outbox, inbox };
