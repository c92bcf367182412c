import { columnsOf } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { sql } from "drizzle-orm";
import { indicatorContributionHistory } from "../../db/tables/indicators.js";
import { type Figures, figuresOf, periodMonths, type Scope } from "../../domain/indicators/compute.js";
import { type CountedRow, countedRowsOf } from "./totals.js";

const history = indicatorContributionHistory;

/**
 * Keeps the history of the contributions a transaction replaced: the rows it deleted are held no
 * longer, the rows it inserted are held from now (the transaction's time: when the hub received
 * what changed them).
 */
export async function recordHistory(
  tx: Database,
  deleted: readonly CountedRow[],
  inserted: readonly CountedRow[],
): Promise<void> {
  if (deleted.length > 0) {
    const col = columnsOf(deleted);
    await tx.execute(sql`update ${history} h set held_until = now()
      from unnest(${col((r) => r.recordId)}::text[], ${col((r) => r.component)}::text[],
        ${col((r) => r.month)}::text[], ${col((r) => r.subject)}::text[]) as x(r, k, m, s)
      where h.record_id = x.r and h.component = x.k and h.month = x.m and h.subject = x.s
        and h.held_until is null`);
  }
  for (let i = 0; i < inserted.length; i += 1000) {
    const col = columnsOf(inserted.slice(i, i + 1000));
    await tx.execute(sql`insert into ${history}
        (record_id, component, city_code, district_code, month, subject, value, source, event_time, held_from)
      select r, k, c, d, m, s, v::float8, src, t::timestamptz, now()
      from unnest(${col((r) => r.recordId)}::text[], ${col((r) => r.component)}::text[],
        ${col((r) => r.cityCode)}::text[], ${col((r) => r.districtCode ?? null)}::text[], ${col((r) => r.month)}::text[],
        ${col((r) => r.subject)}::text[], ${col((r) => String(r.value))}::text[], ${col((r) => r.source)}::text[],
        ${col((r) => r.eventTime.toISOString())}::text[]) as x(r, k, c, d, m, s, v, src, t)`);
  }
}

/**
 * The figures of a scope and period as the hub held them at `asOf`: from the contributions held
 * then, aggregated as the totals aggregate the current ones (figuresOf, the engine's reference).
 */
export async function figuresAsOf(db: Database, scope: Scope, period: string, asOf: Date): Promise<Figures> {
  const { last } = periodMonths(period);
  const area =
    scope.level === "province"
      ? sql`true`
      : scope.districtCode
        ? sql`city_code = ${scope.cityCode} and district_code = ${scope.districtCode}`
        : sql`city_code = ${scope.cityCode}`;
  const at = asOf.toISOString();
  // Months after the period never count; a stock sums every month before it (its level at the start).
  const rows = countedRowsOf(
    await db.execute(sql`select record_id, component, city_code, district_code, month, subject, value, source, event_time
      from ${history}
      where ${area} and month <= ${last} and held_from <= ${at}::timestamptz
        and (held_until is null or held_until > ${at}::timestamptz)`),
  );
  return figuresOf(
    rows.map((r) => ({ ...r, eventTime: r.eventTime.toISOString() })),
    scope,
    period,
  );
}
