import { FUJIAN_CITIES } from "@pes/schemas";
import { newestFirst, rowsOf } from "@pes/sync";
import { and, eq, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import { hubConflicts } from "../../db/tables/conflicts.js";
import { flowbackReceipts } from "../../db/tables/receipts.js";
import type { UseCaseContext } from "../context.js";

// What flowed back and what came of it (docs/adr/0007): "sent" is the evidence log's `sent` entries
// to a city or a gig market (not the hub's own voucher ledger, sent to /province); a record's
// acknowledgement is the latest receipt its receiver sent for it that matches what was sent (a
// refusal, then an apply after a replay: applied). Flagged receipts acknowledge nothing.

type Ctx = Pick<UseCaseContext, "db">;
export type FlowbackStatus = "applied" | "refused" | "unacknowledged" | "overdue";

/** The receiver's city or market, from its source: /city/350200, /gig/<market>. */
export function receiverParts(receiver: string) {
  const city = /^\/city\/(\d{6})$/.exec(receiver)?.[1] ?? null;
  const market = /^\/gig\/([a-z0-9-]+)$/.exec(receiver)?.[1] ?? null;
  return {
    cityCode: city,
    cityName: city ? ((FUJIAN_CITIES as Record<string, string>)[city] ?? null) : null,
    marketId: market,
  };
}

/** The latest receipt of the sent entry `s` that acknowledges it, as columns of `a`. */
const acknowledgement = sql`left join lateral (
    select r.receipt_id, r.outcome, r.reason_code, r.reason, r.flowback_type, r.acknowledged_at, r.received_at
    from hub_flowback_receipts r
    where r.flowback_id = s.record_id and r.receiver = s.receiver and r.flag is null
    order by r.acknowledged_at desc, r.received_at desc limit 1) a on true`;

const flowbackSent = sql`s.kind = 'sent' and s.receiver <> '/province'`;

export interface ReceiverSummary {
  receiver: string;
  cityCode: string | null;
  cityName: string | null;
  marketId: string | null;
  sent: number;
  received: number;
  applied: number;
  refused: number;
  unacknowledged: number;
  overdue: number;
  flagged: number;
  lastSentAt: string | null;
  lastReceiptAt: string | null;
}

/**
 * Per receiver, the flow-back sent since `since`: how much of it was received (acknowledged), applied
 * and refused, what is still unacknowledged and how much of that was sent before `overdueBefore`;
 * and the receipts received since then that matched nothing sent (flagged).
 */
export async function receiverSummaries(
  { db }: Ctx,
  opts: { since: Date; overdueBefore: Date },
): Promise<ReceiverSummary[]> {
  const sent = rowsOf<{
    receiver: string;
    sent: number;
    received: number;
    applied: number;
    refused: number;
    unacknowledged: number;
    overdue: number;
    last_sent_at: string;
  }>(
    await db.execute(sql`select s.receiver, count(*)::int as sent, count(a.outcome)::int as received,
      count(*) filter (where a.outcome = 'applied')::int as applied,
      count(*) filter (where a.outcome = 'refused')::int as refused,
      count(*) filter (where a.outcome is null)::int as unacknowledged,
      count(*) filter (where a.outcome is null and s."at" < ${opts.overdueBefore.toISOString()})::int as overdue,
      max(s."at") as last_sent_at
    from hub_evidence_log s ${acknowledgement}
    where ${flowbackSent} and s."at" >= ${opts.since.toISOString()}
    group by s.receiver`),
  );
  const receipts = rowsOf<{ receiver: string; flagged: number; last_receipt_at: string }>(
    await db.execute(sql`select receiver, count(*) filter (where flag is not null)::int as flagged,
      to_char(max(received_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as last_receipt_at
    from ${flowbackReceipts} where received_at >= ${opts.since.toISOString()}::timestamptz group by receiver`),
  );
  const byReceiver = new Map(receipts.map((r) => [r.receiver, r]));
  const receivers = [...new Set([...sent.map((s) => s.receiver), ...byReceiver.keys()])].sort();
  return receivers.map((receiver) => {
    const s = sent.find((row) => row.receiver === receiver);
    const r = byReceiver.get(receiver);
    return {
      receiver,
      ...receiverParts(receiver),
      sent: s?.sent ?? 0,
      received: s?.received ?? 0,
      applied: s?.applied ?? 0,
      refused: s?.refused ?? 0,
      unacknowledged: s?.unacknowledged ?? 0,
      overdue: s?.overdue ?? 0,
      flagged: r?.flagged ?? 0,
      lastSentAt: s?.last_sent_at ?? null,
      lastReceiptAt: r?.last_receipt_at ?? null,
    };
  });
}

interface SentRow {
  record_id: string;
  receiver: string;
  sent_at: string;
  digest: string;
  ref: string;
  outcome: "applied" | "refused" | null;
  reason_code: string | null;
  reason: string | null;
  flowback_type: string | null;
  acknowledged_at: string | null;
  received_at: string | null;
}

const instant = (column: string) =>
  sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

const selectSent = sql`select s.record_id, s.receiver, s."at" as sent_at, s.digest, s.ref, a.outcome, a.reason_code,
    a.reason, a.flowback_type, ${instant("a.acknowledged_at")} as acknowledged_at, ${instant("a.received_at")} as received_at
  from hub_evidence_log s ${acknowledgement}`;

function present(row: SentRow, overdueBefore: Date) {
  const status: FlowbackStatus =
    row.outcome ?? (row.sent_at < overdueBefore.toISOString() ? "overdue" : "unacknowledged");
  return {
    recordId: row.record_id,
    receiver: row.receiver,
    ...receiverParts(row.receiver),
    sentAt: row.sent_at,
    digest: row.digest,
    status,
    recordType: row.flowback_type,
    reasonCode: row.reason_code,
    reason: row.reason,
    /** When the receiver applied or refused it, by its clock. */
    acknowledgedAt: row.acknowledged_at,
    /** When the hub received its receipt. */
    receiptReceivedAt: row.received_at,
  };
}
export type FlowbackRecordView = ReturnType<typeof present>;

const statusFilter = (status: FlowbackStatus | undefined, overdueBefore: Date): SQL | undefined => {
  switch (status) {
    case "applied":
    case "refused":
      return sql`a.outcome = ${status}`;
    case "unacknowledged":
      return sql`a.outcome is null`;
    case "overdue":
      return sql`a.outcome is null and s."at" < ${overdueBefore.toISOString()}`;
    default:
      return undefined;
  }
};

/**
 * The flow-back sent, newest first by (time sent, record id), with what came of it; `after` is the
 * previous page's last (sentAt, recordId). Reads limit + 1 rows: the extra one tells a next page.
 */
export async function flowbackRecords(
  { db }: Ctx,
  opts: {
    receiver?: string | undefined;
    status?: FlowbackStatus | undefined;
    overdueBefore: Date;
    limit: number;
    after?: { at: string; id: string } | undefined;
  },
) {
  const where = [
    flowbackSent,
    opts.receiver ? sql`s.receiver = ${opts.receiver}` : undefined,
    statusFilter(opts.status, opts.overdueBefore),
    opts.after ? sql`(s."at", s.record_id) < (${opts.after.at}, ${opts.after.id})` : undefined,
  ].filter((c): c is SQL => c !== undefined);
  const rows = rowsOf<SentRow>(
    await db.execute(sql`${selectSent} where ${sql.join(where, sql` and `)}
      order by s."at" desc, s.record_id desc limit ${opts.limit + 1}`),
  );
  return rows.map((row) => present(row, opts.overdueBefore));
}

/**
 * One flow-back record for an auditor, by its event id, or by the id of a registration whose closure
 * the hub decided (its instruction's event id is the instruction's own): whom it was sent to and when,
 * with what digest, every receipt for it (flagged ones too) and what came of it. Undefined when the
 * hub knows nothing of it.
 */
export async function flowbackRecord({ db }: Ctx, id: string, overdueBefore: Date) {
  const [closure] = await db.select().from(hubConflicts).where(eq(hubConflicts.closeRecordId, id)).limit(1);
  const recordId = closure?.instructionId ?? id;
  const [sent] = rowsOf<SentRow>(
    await db.execute(sql`${selectSent} where ${flowbackSent} and s.record_id = ${recordId} limit 1`),
  );
  const receipts = await db
    .select()
    .from(flowbackReceipts)
    .where(eq(flowbackReceipts.flowbackId, recordId))
    .orderBy(flowbackReceipts.receivedAt, flowbackReceipts.receiptId);
  if (!sent && receipts.length === 0) return undefined;
  return {
    recordId,
    closure: closure
      ? {
          registrationId: closure.closeRecordId,
          cityCode: closure.closeCity,
          kind: closure.kind,
          decidedAt: closure.decidedAt.toISOString(),
        }
      : null,
    sent: sent ? present(sent, overdueBefore) : null,
    receipts: receipts.map(presentReceipt),
  };
}

function presentReceipt(r: typeof flowbackReceipts.$inferSelect) {
  return {
    receiptId: r.receiptId,
    recordId: r.flowbackId,
    receiver: r.receiver,
    ...receiverParts(r.receiver),
    recordType: r.flowbackType,
    digest: r.digest,
    outcome: r.outcome,
    reasonCode: r.reasonCode,
    reason: r.reason,
    acknowledgedAt: r.acknowledgedAt.toISOString(),
    receivedAt: r.receivedAt.toISOString(),
    flag: r.flag,
  };
}
export type ReceiptView = ReturnType<typeof presentReceipt>;

/** The receipts as the hub received them, newest first, by receiver, outcome and whether flagged. */
export async function receiptsReceived(
  { db }: Ctx,
  opts: {
    receiver?: string | undefined;
    outcome?: "applied" | "refused" | undefined;
    flagged?: boolean | undefined;
    limit: number;
    after?: { at: string; id: string } | undefined;
  },
) {
  const keys = newestFirst(flowbackReceipts.receivedAt, flowbackReceipts.receiptId);
  const rows = await db
    .select({ receipt: flowbackReceipts, cursorAt: keys.at })
    .from(flowbackReceipts)
    .where(
      and(
        opts.receiver ? eq(flowbackReceipts.receiver, opts.receiver) : undefined,
        opts.outcome ? eq(flowbackReceipts.outcome, opts.outcome) : undefined,
        opts.flagged === undefined
          ? undefined
          : opts.flagged
            ? isNotNull(flowbackReceipts.flag)
            : isNull(flowbackReceipts.flag),
        keys.after(opts.after),
      ),
    )
    .orderBy(...keys.orderBy)
    .limit(opts.limit + 1);
  return rows.map((r) => ({ ...presentReceipt(r.receipt), cursorAt: r.cursorAt, id: r.receipt.receiptId }));
}
