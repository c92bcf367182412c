import { idempotencyTable } from "@pes/sync/schema";
import { sql } from "drizzle-orm";
import { integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * What the node's intake (use-cases/intake) knows of each record it took: the city system's own id
 * for it (`sourceRecordId`, unique per kind), and a keyed fingerprint of the desk content it now
 * holds, so the same content again changes nothing and other content is a new revision of the same
 * record. Node-local: the contract carries neither.
 */
export const intakeRecords = pgTable(
  "intake_records",
  {
    /** The record kind, as the contract names it (training-record, employment-registration…). */
    kind: text("kind").notNull(),
    recordId: uuid("record_id").notNull(),
    /** The city system's id of the record, when it gave one. */
    sourceRecordId: text("source_record_id"),
    /** PiiCipher.fingerprint of the kind and the desk input (canonical JSON, the source id left out). */
    fingerprint: text("fingerprint").notNull(),
    /** The record's revision the fingerprint was taken at. */
    revision: integer("revision").notNull(),
    /**
     * The fingerprints of the contents it held before (the last 32): the city system sending its
     * history again (an application, then its registration) finds each earlier state unchanged.
     */
    earlierFingerprints: text("earlier_fingerprints").array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.recordId] }),
    uniqueIndex("intake_source_record")
      .on(t.kind, t.sourceRecordId)
      .where(sql`${t.sourceRecordId} is not null`),
  ],
);

/**
 * The first answer to each POST a staff member sent with an Idempotency-Key, per staff member and
 * key (the idempotency middleware of @pes/http), encrypted: it may hold a fresh token or personal data.
 */
export const idempotentRequests = idempotencyTable("idempotent_requests", { column: "staff_id" });
