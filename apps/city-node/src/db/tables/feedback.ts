import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { persons } from "./persons.js";

/** A field the province refused, and why (never the value): as the rejection notice carries it. */
export interface RejectionProblem {
  path?: string;
  code?: string;
  message: string;
}

/**
 * What the province refused of the node's records (record-rejection-notice, issue 17 #5): one row
 * per record, its latest refusal. Open until the node publishes a later revision of the record
 * (cleared_at, cleared_by_revision); a notice that the hub refused that revision too opens it again.
 * The record's person (person_id) or, for a record without one, its division decides who sees it.
 */
export const rejections = pgTable(
  "rejections",
  {
    recordId: uuid("record_id").primaryKey(),
    /** The record kind, as the contract names it (training-record…): with the id, the key of intake_records. */
    kind: text("kind").notNull(),
    personId: uuid("person_id").references(() => persons.id),
    divisionCode: text("division_code"),
    /** The refused revision, when the province could read it. */
    revision: integer("revision"),
    noticeId: text("notice_id").notNull(),
    eventId: text("event_id").notNull(),
    stage: text("stage", { enum: ["trust", "contract", "rule"] }).notNull(),
    reasonCode: text("reason_code").notNull(),
    reason: text("reason").notNull(),
    problems: jsonb("problems").$type<RejectionProblem[]>().notNull(),
    rejectedAt: timestamp("rejected_at", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    clearedAt: timestamp("cleared_at", { withTimezone: true }),
    clearedByRevision: integer("cleared_by_revision"),
  },
  (t) => [
    index("rejections_newest").on(t.receivedAt, t.recordId),
    index("rejections_open").on(t.receivedAt, t.recordId).where(sql`${t.clearedAt} is null`),
  ],
);

export const changeKinds = [
  "registration-closure-instruction",
  "service-needed-notice",
  "voucher-notice",
  "record-rejection-notice",
] as const;
export type ChangeKind = (typeof changeKinds)[number];

/**
 * The last sequence number of the change feed: one row. A transaction that added items takes the
 * next numbers as it commits (the deferred trigger `number_changes`, migration 0008), which holds
 * this row only until the commit ends: items are numbered in commit order, so a reader resuming after
 * n never misses an item numbered below one it has seen.
 */
export const changeFeedHead = pgTable(
  "change_feed_head",
  {
    id: integer("id").primaryKey().default(1),
    lastSequence: bigint("last_sequence", { mode: "number" }).notNull(),
  },
  (t) => [check("change_feed_head_single_row", sql`${t.id} = 1`)],
);

/**
 * What flowed back and the node applied (issue 17 #6: GET /v1/changes): one item per flow-back
 * record, written in the transaction that applied it, so a restart neither loses nor repeats one, and
 * numbered (`sequence`) as that transaction commits. The payload is as shown, personal data masked;
 * the person (person_id) or, for one the node does not know, the division decides who sees it.
 */
export const changes = pgTable(
  "changes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Its place in the feed: set as its transaction commits, so never null once it can be read. */
    sequence: bigint("sequence", { mode: "number" }).unique(),
    kind: text("kind", { enum: changeKinds }).notNull(),
    /** The flow-back record (a notice, an instruction) and its revision. */
    recordId: text("record_id").notNull(),
    revision: integer("revision").notNull(),
    eventId: text("event_id").notNull(),
    personKey: text("person_key"),
    personId: uuid("person_id").references(() => persons.id),
    divisionCode: text("division_code"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("changes_kind").on(t.kind, t.sequence)],
);
