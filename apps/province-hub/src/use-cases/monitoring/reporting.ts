import { chinaDate } from "@pes/core";
import { FUJIAN_CITIES, sourceOf } from "@pes/schemas";
import type { Database } from "@pes/sync/db";
import { and, gte, inArray, lt, sql } from "drizzle-orm";
import { sourceDailyCounts } from "../../db/tables/monitoring.js";
import type { UseCaseContext } from "../context.js";
import type { IngestExtension } from "../ingest/types.js";

/** A record that reaches the hub later than this after its own time counts as late. */
export const LATE_AFTER_HOURS = 24;

export interface SeenRecord {
  /** The CloudEvents source: /city/350200, /gig/<market>. */
  source: string;
  /** The record type, e.g. unemployment-registration. */
  type: string;
  /** The record's own time (the CloudEvents time). */
  time: Date;
  /** When the hub applied it; default now. */
  receivedAt?: Date;
}

/**
 * Counts applied records for reporting completeness and timeliness: per source, type and China-time
 * day of the record's time, with how many arrived more than LATE_AFTER_HOURS late. Call it in the
 * transaction that applies the records, once per applied record (the ingest's inbox already drops
 * redeliveries), e.g. as the IngestExtension `reportingExtension`.
 */
export async function recordsSeen(tx: Database, records: readonly SeenRecord[]): Promise<void> {
  const groups = new Map<
    string,
    typeof sourceDailyCounts.$inferInsert & { records: number; lateRecords: number }
  >();
  const now = new Date();
  for (const record of records) {
    const receivedAt = record.receivedAt ?? now;
    const late = receivedAt.getTime() - record.time.getTime() > LATE_AFTER_HOURS * 3_600_000 ? 1 : 0;
    const day = chinaDate(record.time);
    const key = `${record.source}|${record.type}|${day}`;
    const g = groups.get(key);
    if (!g) {
      groups.set(key, {
        source: record.source,
        type: record.type,
        day,
        records: 1,
        lateRecords: late,
        firstTime: record.time,
        lastTime: record.time,
        lastReceivedAt: receivedAt,
      });
      continue;
    }
    g.records += 1;
    g.lateRecords += late;
    if (record.time < g.firstTime) g.firstTime = record.time;
    if (record.time > g.lastTime) g.lastTime = record.time;
    if (receivedAt > g.lastReceivedAt) g.lastReceivedAt = receivedAt;
  }
  // In key order, so two chunks of the same source cannot deadlock on each other's days.
  const rows = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, g]) => g);
  if (rows.length === 0) return;
  await tx
    .insert(sourceDailyCounts)
    .values(rows)
    .onConflictDoUpdate({
      target: [sourceDailyCounts.source, sourceDailyCounts.type, sourceDailyCounts.day],
      set: {
        records: sql`${sourceDailyCounts.records} + excluded.records`,
        lateRecords: sql`${sourceDailyCounts.lateRecords} + excluded.late_records`,
        firstTime: sql`least(${sourceDailyCounts.firstTime}, excluded.first_time)`,
        lastTime: sql`greatest(${sourceDailyCounts.lastTime}, excluded.last_time)`,
        lastReceivedAt: sql`greatest(${sourceDailyCounts.lastReceivedAt}, excluded.last_received_at)`,
      },
    });
}

/** One record (tests, tools). */
export const recordSeen = (tx: Database, record: SeenRecord) => recordsSeen(tx, [record]);

/** recordsSeen for every record the ingest applies. */
export const reportingExtension: IngestExtension = (tx, { records }) =>
  recordsSeen(
    tx,
    records.map((r) => ({ source: r.source, type: r.type, time: r.time })),
  );

export interface Period {
  name: string;
  /** First day, inclusive, and the day after the last, as YYYY-MM-DD (China time). */
  from: string;
  until: string;
}

/** A month (2025-10), quarter (2025-Q4), half-year (2025-H2) or year (2025). */
export function parsePeriod(name: string): Period | undefined {
  const m = /^(\d{4})(?:-(?:(\d{2})|Q([1-4])|H([12])))?$/.exec(name);
  if (!m) return undefined;
  const year = Number(m[1]);
  const [startMonth, months] = m[2]
    ? [Number(m[2]), 1]
    : m[3]
      ? [(Number(m[3]) - 1) * 3 + 1, 3]
      : m[4]
        ? [(Number(m[4]) - 1) * 6 + 1, 6]
        : [1, 12];
  if (startMonth < 1 || startMonth > 12) return undefined;
  const day = (y: number, month: number) =>
    `${y + Math.floor((month - 1) / 12)}-${String(((month - 1) % 12) + 1).padStart(2, "0")}-01`;
  return { name, from: day(year, startMonth), until: day(year, startMonth + months) };
}

export type ReportingStatus = "on-time" | "late" | "silent" | "pending";

export interface CityReporting {
  cityCode: string;
  cityName: string;
  source: string;
  reported: boolean;
  records: number;
  lateRecords: number;
  daysReported: number;
  firstRecordAt: string | null;
  lastRecordAt: string | null;
  lastReceivedAt: string | null;
  /**
   * pending: the period has not begun; silent: no record of the period (yet); late: some records
   * arrived more than LATE_AFTER_HOURS after their time; on-time otherwise.
   */
  status: ReportingStatus;
}

/** Each city node's reporting for a period, from the per-day counts. */
export async function cityReporting(
  { db }: Pick<UseCaseContext, "db">,
  { period, now }: { period: Period; now: Date },
): Promise<CityReporting[]> {
  const sources = Object.keys(FUJIAN_CITIES).map((code) => sourceOf.city(code));
  const rows = await db
    .select({
      source: sourceDailyCounts.source,
      records: sql<number>`sum(${sourceDailyCounts.records})::int`,
      lateRecords: sql<number>`sum(${sourceDailyCounts.lateRecords})::int`,
      days: sql<number>`count(distinct ${sourceDailyCounts.day})::int`,
      firstTime: sql<string>`min(${sourceDailyCounts.firstTime})`,
      lastTime: sql<string>`max(${sourceDailyCounts.lastTime})`,
      lastReceivedAt: sql<string>`max(${sourceDailyCounts.lastReceivedAt})`,
    })
    .from(sourceDailyCounts)
    .where(
      and(
        inArray(sourceDailyCounts.source, sources),
        gte(sourceDailyCounts.day, period.from),
        lt(sourceDailyCounts.day, period.until),
      ),
    )
    .groupBy(sourceDailyCounts.source);
  const bySource = new Map(rows.map((r) => [r.source, r]));
  const begun = chinaDate(now) >= period.from;
  const iso = (v: string | null | undefined) => (v ? new Date(v).toISOString() : null);
  return Object.entries(FUJIAN_CITIES).map(([cityCode, cityName]) => {
    const source = sourceOf.city(cityCode);
    const row = bySource.get(source);
    const records = row?.records ?? 0;
    const lateRecords = row?.lateRecords ?? 0;
    return {
      cityCode,
      cityName,
      source,
      reported: records > 0,
      records,
      lateRecords,
      daysReported: row?.days ?? 0,
      firstRecordAt: iso(row?.firstTime),
      lastRecordAt: iso(row?.lastTime),
      lastReceivedAt: iso(row?.lastReceivedAt),
      status: !begun ? "pending" : records === 0 ? "silent" : lateRecords > 0 ? "late" : "on-time",
    };
  });
}
