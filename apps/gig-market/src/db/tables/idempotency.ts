import { integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { markets } from "./markets.js";

/**
 * The first answer to each POST sent with an Idempotency-Key, per market and key. The body is
 * encrypted: it may hold a freshly issued API key or personal data.
 */
export const idempotentRequests = pgTable(
  "gm_idempotent_requests",
  {
    marketId: text("market_id")
      .notNull()
      .references(() => markets.id),
    key: text("key").notNull(),
    /** SHA-256 of the method, path and canonical JSON body: the same key with another request is refused. */
    fingerprint: text("fingerprint").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    /** Null while the first request is still being handled. */
    completedAt: timestamp("completed_at", { withTimezone: true }),
    status: integer("status"),
    contentType: text("content_type"),
    bodyEnc: text("body_enc"),
  },
  (t) => [primaryKey({ columns: [t.marketId, t.key] })],
);
