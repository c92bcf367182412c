import type { RecordRejectionNotice as NoticeSchema } from "@pes/schemas";
import type { ReceiptNote } from "@pes/sync";
import { newestFirst } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { and, eq, isNull, like, or, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { rejections } from "../../db/tables/feedback.js";
import { intakeRecords } from "../../db/tables/intake.js";
import { persons } from "../../db/tables/persons.js";
import { findByRecord } from "../intake/source-records.js";
import type { NewChange } from "./changes.js";
import { findNodeRecord } from "./records.js";

type RecordRejectionNotice = z.output<typeof NoticeSchema>;

/**
 * Applies the province's notice that it refused one of the node's records (issue 17 #5), in the
 * flow-back's transaction: the record's rejection opens (or opens again) with the notice's reason and
 * fields. When the node has already published a later revision of the record than the one refused,
 * it is kept as cleared by that revision (the province's word on it will come as a notice of its
 * own, if it refuses it too); a notice of an older revision than the one the node holds a refusal
 * of changes nothing. Returns what the receipt notes and what the change feed shows.
 */
export async function applyRejectionNotice(
  db: Database,
  notice: RecordRejectionNotice,
  event: { id: string },
): Promise<{ note?: ReceiptNote; change?: NewChange }> {
  const refused = notice.recordRevision ?? null;
  const [existing] = await db
    .select()
    .from(rejections)
    .where(eq(rejections.recordId, notice.recordId))
    .for("update");
  if (existing?.revision != null && refused !== null && refused < existing.revision)
    return {
      note: {
        code: "superseded",
        text: `the node holds the refusal of revision ${existing.revision} of the record`,
      },
    };
  const record = await findNodeRecord(db, notice.recordType, notice.recordId);
  // The node moved on from the revision refused: by a revision published since (now, or before).
  const laterPublished =
    refused === null
      ? null
      : record && record.revision > refused
        ? record.revision
        : existing?.clearedByRevision != null && existing.clearedByRevision > refused
          ? existing.clearedByRevision
          : null;
  const row = {
    recordId: notice.recordId,
    kind: notice.recordType,
    personId: record?.personId ?? null,
    divisionCode: record?.divisionCode ?? null,
    revision: refused,
    noticeId: notice.id,
    eventId: notice.eventId,
    stage: notice.stage,
    reasonCode: notice.reasonCode,
    reason: notice.reason,
    problems: notice.problems,
    rejectedAt: new Date(notice.rejectedAt),
    receivedAt: new Date(),
    clearedAt: laterPublished === null ? null : (existing?.clearedAt ?? new Date()),
    clearedByRevision: laterPublished,
  };
  await db
    .insert(rejections)
    .values(row)
    .onConflictDoUpdate({ target: rejections.recordId, set: { ...row, recordId: undefined } });
  const sourceRecordId = (await findByRecord(db, notice.recordType, notice.recordId))?.sourceRecordId ?? null;
  return {
    ...(laterPublished === null
      ? {}
      : {
          note: {
            code: "superseded-at-node",
            text: `the node had published revision ${laterPublished} of the record before the notice came`,
          },
        }),
    change: {
      kind: "record-rejection-notice",
      recordId: notice.id,
      revision: notice.revision,
      eventId: event.id,
      personId: record?.personId ?? null,
      divisionCode: record?.divisionCode ?? null,
      payload: {
        recordId: notice.recordId,
        sourceRecordId,
        kind: notice.recordType,
        recordRevision: refused,
        stage: notice.stage,
        reasonCode: notice.reasonCode,
        reason: notice.reason,
        problems: notice.problems,
        rejectedAt: notice.rejectedAt,
        state: laterPublished === null ? "open" : "cleared",
        clearedByRevision: laterPublished,
      },
    },
  };
}

/** The (id, revision) of each record data that names both: what a published revision may clear. */
export function publishedRevisions(data: readonly unknown[]): Array<{ id: string; revision: number }> {
  return data.flatMap((d) => {
    const { id, revision } = (d ?? {}) as { id?: unknown; revision?: unknown };
    return typeof id === "string" && typeof revision === "number" ? [{ id, revision }] : [];
  });
}

/**
 * A later revision of a refused record, published: its open rejection is cleared by that revision,
 * in the publishing transaction (the Publisher's). Whether the province takes it, the province says:
 * a new notice opens it again.
 */
export async function clearRejections(
  db: Database,
  published: ReadonlyArray<{ id: string; revision: number }>,
): Promise<void> {
  const valid = published.filter(
    (r) =>
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(r.id) &&
      Number.isSafeInteger(r.revision),
  );
  if (valid.length === 0) return;
  await db.execute(sql`update ${rejections} set cleared_at = now(), cleared_by_revision = x.rev
    from unnest(${sql.param(valid.map((r) => r.id))}::uuid[], ${sql.param(valid.map((r) => r.revision))}::int[]) as x(id, rev)
    where ${rejections.recordId} = x.id and ${rejections.clearedAt} is null
      and (${rejections.revision} is null or ${rejections.revision} < x.rev)`);
}

type RejectionRow = typeof rejections.$inferSelect;

/** A rejection as the node's staff and the city's system see it: no personal data in it. */
export function presentRejection(row: RejectionRow, sourceRecordId: string | null) {
  return {
    recordId: row.recordId,
    sourceRecordId,
    kind: row.kind,
    revision: row.revision,
    state: row.clearedAt ? ("cleared" as const) : ("open" as const),
    stage: row.stage,
    reasonCode: row.reasonCode,
    reason: row.reason,
    problems: row.problems,
    fieldPaths: [...new Set(row.problems.flatMap((p) => (p.path ? [p.path] : [])))],
    rejectedAt: row.rejectedAt.toISOString(),
    receivedAt: row.receivedAt.toISOString(),
    clearedAt: row.clearedAt?.toISOString() ?? null,
    clearedByRevision: row.clearedByRevision,
    noticeId: row.noticeId,
  };
}

/**
 * The rejections within `root` (the caller's access root; undefined: the whole node), newest first:
 * the open ones, or all. A rejection is in an area by its record's person, or a vacancy's or a
 * layoff report's division; one of a record the node does not hold only for the whole node.
 */
export async function listRejections(
  db: Database,
  opts: {
    state: "open" | "all";
    root?: string | undefined;
    limit: number;
    cursor?: { at: string; id: string } | undefined;
  },
) {
  const area = sql`coalesce(${persons.divisionCode}, ${rejections.divisionCode})`;
  const within: SQL | undefined = opts.root
    ? or(sql`${area} = ${opts.root}`, like(area, `${opts.root}%`))
    : undefined;
  const keys = newestFirst(rejections.receivedAt, rejections.recordId);
  const rows = await db
    .select({ row: rejections, sourceRecordId: intakeRecords.sourceRecordId, cursorAt: keys.at })
    .from(rejections)
    .leftJoin(persons, eq(persons.id, rejections.personId))
    .leftJoin(
      intakeRecords,
      and(eq(intakeRecords.kind, rejections.kind), eq(intakeRecords.recordId, rejections.recordId)),
    )
    .where(
      and(opts.state === "open" ? isNull(rejections.clearedAt) : undefined, within, keys.after(opts.cursor)),
    )
    .orderBy(...keys.orderBy)
    .limit(opts.limit + 1);
  return rows;
}
