import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
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

/**
 * The first answer to each request sent with an Idempotency-Key, per scope (the caller's tenant: a
 * gig market, a city node's staff member) and key, as the idempotency middleware of @pes/http keeps
 * it. A service names the table and its scope column (and what the scope references, if anything);
 * its own migrations create it. The body is encrypted: it may hold a fresh credential or personal data.
 */
export function idempotencyTable(name: string, scope: { column: string; references?: () => AnyPgColumn }) {
  const scopeColumn = text(scope.column).notNull();
  return pgTable(
    name,
    {
      scope: scope.references ? scopeColumn.references(scope.references) : scopeColumn,
      key: text("key").notNull(),
      /** A keyed digest of the method, path and canonical JSON body: the same key with another request is refused. */
      fingerprint: text("fingerprint").notNull(),
      startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
      /** Null while the first request is still being handled. */
      completedAt: timestamp("completed_at", { withTimezone: true }),
      status: integer("status"),
      contentType: text("content_type"),
      bodyEnc: text("body_enc"),
    },
    (t) => [primaryKey({ columns: [t.scope, t.key] })],
  );
}
export type IdempotencyTable = ReturnType<typeof idempotencyTable>;
