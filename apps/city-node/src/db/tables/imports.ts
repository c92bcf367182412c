import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { staff } from "./network.js";

export const importStates = ["queued", "running", "done", "failed"] as const;
export type ImportState = (typeof importStates)[number];

/**
 * A bureau's file being taken in (POST /v1/imports): who sent it, which form, how far the node got.
 * The node's own process runs the jobs one at a time; each chunk of rows commits together with the
 * job's progress and its rejections, so a restart resumes a job at the first row not yet committed.
 * The file is kept encrypted (it holds personal data) until the job ends, then dropped.
 */
export const importJobs = pgTable(
  "import_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    form: text("form").notNull(),
    /** The staff member who uploaded the file: the job runs as them, in their area. */
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id),
    state: text("state", { enum: importStates }).notNull().default("queued"),
    /** xlsx or csv, as told by the content. */
    format: text("format").notNull(),
    /** The file's name as uploaded (for the staff member's list), never used to tell its format. */
    fileName: text("file_name"),
    fileBytes: integer("file_bytes").notNull(),
    /** The file, PiiCipher-encrypted (base64 inside); null once the job is done or failed. */
    fileEnc: text("file_enc"),
    /** The batch options chosen at upload: { unknownServicePoints }. */
    options: jsonb("options").notNull().default(sql`'{}'::jsonb`),
    purpose: text("purpose"),
    requestId: text("request_id"),
    /** Data rows of the file (rows with a cell the form reads), once read; null until then. */
    rowsRead: integer("rows_read"),
    rowsAccepted: integer("rows_accepted").notNull().default(0),
    rowsRejected: integer("rows_rejected").notNull().default(0),
    created: integer("created").notNull().default(0),
    revised: integer("revised").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    /** How many of the file's readable rows have been applied (committed): where a resumed job goes on. */
    rowsApplied: integer("rows_applied").notNull().default(0),
    /** Why a failed job failed (in Chinese, for the clerk), or a whole-file problem. */
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("import_jobs_unfinished").on(t.createdAt).where(sql`${t.state} in ('queued', 'running')`)],
);

/**
 * The rows of an import the node did not take, one line per refused cell (or whole row, column null),
 * for the rejection report: the value is masked when it is written, never kept in clear.
 */
export const importRejections = pgTable(
  "import_rejections",
  {
    jobId: uuid("job_id")
      .notNull()
      .references(() => importJobs.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    row: integer("row").notNull(),
    column: text("column"),
    value: text("value").notNull(),
    reason: text("reason").notNull(),
    path: text("path"),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] })],
);
