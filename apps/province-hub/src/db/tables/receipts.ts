import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Receipts for what flows back (docs/adr/0007): one row per receipt a city node or gig market sent
 * for a flow-back record it applied or refused, as the hub received it. What was sent is the evidence
 * log's `sent` entries; a receipt that matches none of them, or another receiver's, or another digest,
 * is kept with its flag and acknowledges nothing.
 */
export const flowbackReceipts = pgTable(
  "hub_flowback_receipts",
  {
    /** The receipt's own id (its ce_id): a receipt received again is the same row. */
    receiptId: uuid("receipt_id").primaryKey(),
    /** The flow-back record's ce_id, as hub_evidence_log.record_id holds it. */
    flowbackId: text("flowback_id").notNull(),
    /** Who acknowledges: the receipt's source, /city/350200 or /gig/<market>. */
    receiver: text("receiver").notNull(),
    flowbackType: text("flowback_type").notNull(),
    /** The flow-back record's leaf as the receiver read it. */
    digest: text("digest").notNull(),
    outcome: text("outcome", { enum: ["applied", "refused"] }).notNull(),
    reasonCode: text("reason_code"),
    reason: text("reason"),
    /** When the receiver applied or refused it, by its clock. */
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    /** Why it acknowledges nothing: not-sent, other-receiver, digest-mismatch; null when it matches what was sent. */
    flag: text("flag", { enum: ["not-sent", "other-receiver", "digest-mismatch"] }),
  },
  (t) => [
    index("hub_flowback_receipts_record").on(t.flowbackId),
    index("hub_flowback_receipts_receiver").on(t.receiver, t.receivedAt),
  ],
);
