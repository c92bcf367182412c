import type { Database } from "@pes/sync/db";
import { type SQL, sql } from "drizzle-orm";
import { indicatorContributionHistory } from "../../db/tables/indicators.js";
import { type Figures, figuresOf, periodMonths, type Scope } from "../../domain/indicators/compute.js";
import { countedRowsOf } from "./totals.js";

const history = indicatorContributionHistory;

/**
 * `deleting` (a delete of contributions `returning` their rows), with the rows it deleted held no
 * longer from now (the transaction's time: when the hub received what replaced them), in the same
 * statement; answers the deleted rows.
 */
export const releasingHistory = (deleting: SQL) => sql`with gone as (${deleting}),
  released as (update ${history} h set held_until = now() from gone g
    where h.record_id = g.record_id and h.component = g.component and h.month = g.month
      and h.subject = g.subject and h.held_until is null)
  select * from gone`;

/**
 * `inserting` (an insert of contributions `returning` their rows), with the rows it inserted held
 * from now, in the same statement; answers the inserted rows.
 */
export const holdingHistory = (inserting: SQL) => sql`with added as (${inserting}),
  held as (insert into ${history}
      (record_id, component, city_code, district_code, month, subject, value, source, event_time, held_from)
    select record_id, component, city_code, district_code, month, subject, value, source, event_time, now()
    from added)
  select * from added`;

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
