import { sql } from "drizzle-orm";
import { bigint, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The exchange evidence log (issue 16 #1, domain/evidence/chain.ts): one row per record the hub
 * accepted, rejected or sent, and per receipt it received for what it sent, chained by SM3, written in the transaction of what it records. Rows are
 * only added; retention moves the oldest, up to a checkpoint, to an archive file (hub_evidence_archives).
 */
export const evidenceLog = pgTable(
  "hub_evidence_log",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    kind: text("kind").notNull(),
    recordId: text("record_id").notNull(),
    digest: text("digest").notNull(),
    ref: text("ref").notNull(),
    sender: text("sender").notNull(),
    receiver: text("receiver").notNull(),
    /** The instant as chained (ISO, milliseconds): kept as text so the hashed form is the stored one. */
    at: text("at").notNull(),
    reason: text("reason").notNull(),
    prev: text("prev").notNull(),
    hash: text("hash").notNull(),
  },
  // What the hub sent, found by record and listed per receiver for the receipts (docs/adr/0007);
  // partial, so the accepted entries of the ingest pay nothing for them.
  (t) => [
    index("hub_evidence_log_sent_record").on(t.recordId).where(sql`${t.kind} = 'sent'`),
    index("hub_evidence_log_sent_receiver").on(t.receiver, t.at, t.recordId).where(sql`${t.kind} = 'sent'`),
  ],
);

/** The hub's signed checkpoints over (last sequence, its hash, time); kept when entries are archived. */
export const evidenceCheckpoints = pgTable("hub_evidence_checkpoints", {
  seq: bigint("seq", { mode: "number" }).primaryKey(),
  hash: text("hash").notNull(),
  at: text("at").notNull(),
  keyId: text("key_id").notNull(),
  signature: text("signature").notNull(),
});

/** Segments of the log moved to archive files by retention. */
export const evidenceArchives = pgTable("hub_evidence_archives", {
  fromSeq: bigint("from_seq", { mode: "number" }).primaryKey(),
  toSeq: bigint("to_seq", { mode: "number" }).notNull(),
  file: text("file").notNull(),
  archivedAt: timestamp("archived_at", { withTimezone: true }).notNull().defaultNow(),
});
