import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns.js";
import { type FlowbackKind, flowbackItems } from "./flowback.js";
import { markets } from "./markets.js";

/** A market's webhook subscription: where its new flow-back items are POSTed, signed with the secret. */
export const webhooks = pgTable(
  "gm_webhooks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    marketId: text("market_id")
      .notNull()
      .references(() => markets.id),
    url: text("url").notNull(),
    /** Null: every kind. */
    kinds: jsonb("kinds").$type<FlowbackKind[]>(),
    /** The signing secret, encrypted: it must be read back to sign, so it cannot be a hash. */
    secretEnc: text("secret_enc").notNull(),
    secretRotatedAt: timestamp("secret_rotated_at", { withTimezone: true }),
    /** The secret a rotation replaced: it signs each delivery too until previous_secret_expires_at. */
    previousSecretEnc: text("previous_secret_enc"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true }),
    /**
     * Made before Standard Webhooks: deliveries also carry the old pes-webhook-* headers (hex HMAC
     * keyed with the secret's text) until the secret is rotated, so receivers are not cut off.
     */
    legacySignature: boolean("legacy_signature").notNull().default(false),
    createdAt: createdAt(),
    /** Deleted subscriptions stay for their delivery log's sake but are gone for the market (404). */
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [index("gm_webhooks_page").on(t.marketId, t.createdAt, t.id)],
);

export const deliveryStatuses = ["pending", "delivered", "failed", "cancelled"] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** One flow-back item to send to one subscription; retried with backoff until delivered or failed. */
export const webhookDeliveries = pgTable(
  "gm_webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    webhookId: uuid("webhook_id")
      .notNull()
      .references(() => webhooks.id),
    marketId: text("market_id")
      .notNull()
      .references(() => markets.id),
    itemId: uuid("item_id")
      .notNull()
      .references(() => flowbackItems.id),
    status: text("status", { enum: deliveryStatuses }).notNull().default("pending"),
    /** Attempts since the delivery was created or last redelivered by hand; at the limit it fails. */
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set while a dispatcher sends it; a result is recorded only under the lease it was sent with. */
    lease: uuid("lease"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("gm_webhook_deliveries_page").on(t.webhookId, t.createdAt, t.id),
    index("gm_webhook_deliveries_due").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
  ],
);

/** The log of every attempt: no payload, only what the receiver answered and how long it took. */
export const webhookAttempts = pgTable(
  "gm_webhook_attempts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    statusCode: integer("status_code"),
    durationMs: integer("duration_ms").notNull(),
    /** Why it failed, without the body: a network error's code, or "HTTP 500". */
    error: text("error"),
  },
  (t) => [index("gm_webhook_attempts_delivery").on(t.deliveryId, t.id)],
);
