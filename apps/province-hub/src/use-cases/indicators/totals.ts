import { periodsContaining } from "@pes/schemas";
import { columnsOf, rowsOf } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { sql } from "drizzle-orm";
import { indicatorContributions, indicatorSubjects, indicatorTotals } from "../../db/tables/indicators.js";
import { type Figures, periodMonths, type Scope, STOCK_COMPONENTS } from "../../domain/indicators/compute.js";
import type { Contribution } from "../../domain/indicators/contributions.js";

export const PROVINCE_CODE = "350000";

/** A stored contribution as the totals read it. */
export type CountedRow = Contribution & { recordId: string; source: string; eventTime: Date };

/** Contribution rows as SQL returns them (`returning *`, or a select of the same columns), read as CountedRows. */
export const countedRowsOf = (result: unknown): CountedRow[] =>
  rowsOf<{
    record_id: string;
    component: string;
    city_code: string;
    district_code: string | null;
    month: string;
    subject: string;
    value: number;
    source: string;
    event_time: string | Date;
  }>(result).map((r) => ({
    recordId: r.record_id,
    component: r.component,
    cityCode: r.city_code,
    districtCode: r.district_code,
    month: r.month,
    subject: r.subject,
    value: Number(r.value),
    source: r.source,
    eventTime: new Date(r.event_time),
  }));

/** The periods a month belongs to: itself, its quarter, its half-year and its year. */
export function periodsOfMonth(month: string): string[] {
  const { quarter, halfYear, year } = periodsContaining(`${month}-01`);
  return [month, quarter, halfYear, year];
}

/** The areas a contribution counts in: its district, its city and the province. */
const areasOf = (r: CountedRow) => [...(r.districtCode ? [r.districtCode] : []), r.cityCode, PROVINCE_CODE];

const sorted = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);

type Total = {
  component: string;
  area: string;
  period: string;
  source: string;
  value: number;
  records: number;
  asOf: Date | null;
};
type SubjectMove = { component: string; area: string; year: string; subject: string; delta: number[] };

/** The 19 periods of a year, each with the indexes of its months. */
const YEAR_PERIODS: ReadonlyArray<{ suffix: string; months: number[] }> = [
  ...Array.from({ length: 12 }, (_, m) => ({ suffix: `-${String(m + 1).padStart(2, "0")}`, months: [m] })),
  ...[1, 2, 3, 4].map((q) => ({ suffix: `-Q${q}`, months: [0, 1, 2].map((i) => (q - 1) * 3 + i) })),
  ...[1, 2].map((h) => ({ suffix: `-H${h}`, months: [0, 1, 2, 3, 4, 5].map((i) => (h - 1) * 6 + i) })),
  { suffix: "", months: Array.from({ length: 12 }, (_, m) => m) },
];

/**
 * Moves the totals by contributions that were just inserted (+1) or deleted (-1). Distinct subjects
 * are reference-counted per month, so a person counted by two records, or in two cities, counts once
 * in the province and in each period. Rows are written in key order, so concurrent chunks queue
 * rather than deadlock.
 */
export async function moveTotals(tx: Database, changes: ReadonlyArray<{ row: CountedRow; delta: 1 | -1 }>) {
  const totals = new Map<string, Total>();
  const total = (area: string, period: string, component: string, source: string) => {
    const key = `${area}|${period}|${component}|${source}`;
    const t = totals.get(key) ?? { component, area, period, source, value: 0, records: 0, asOf: null };
    totals.set(key, t);
    return t;
  };
  const subjects = new Map<string, SubjectMove>();
  for (const { row, delta } of changes) {
    const stock = STOCK_COMPONENTS.has(row.component);
    const year = row.month.slice(0, 4);
    const monthIndex = Number(row.month.slice(5, 7)) - 1;
    for (const area of areasOf(row)) {
      for (const period of stock ? [row.month] : periodsOfMonth(row.month)) {
        const t = total(area, period, row.component, row.source);
        if (stock) t.value += delta * row.value;
        // A closing (negative) change of a stock is no further record.
        if (row.value > 0) t.records += delta;
        if (delta > 0 && (!t.asOf || row.eventTime > t.asOf)) t.asOf = row.eventTime;
        // A record counted as itself is one subject no other record shares: no reference count needed.
        if (!stock && row.subject === row.recordId) total(area, period, row.component, "").value += delta;
      }
      if (stock || row.subject === row.recordId) continue;
      const key = `${area}|${year}|${row.component}|${row.subject}`;
      const s = subjects.get(key) ?? {
        component: row.component,
        area,
        year,
        subject: row.subject,
        delta: Array(12).fill(0),
      };
      subjects.set(key, s);
      s.delta[monthIndex]! += delta;
    }
  }
  await moveSubjects(tx, sorted(subjects), total);
  await writeTotals(tx, sorted(totals));
}

/** Adds the moves to the subjects' monthly references; a period's count changes where a subject enters or leaves it. */
async function moveSubjects(
  tx: Database,
  moves: SubjectMove[],
  total: (area: string, period: string, component: string, source: string) => Total,
) {
  const moved = moves.filter((m) => m.delta.some((d) => d !== 0));
  if (moved.length === 0) return;
  const col = columnsOf(moved);
  const rows = rowsOf<{
    area_code: string;
    year: string;
    component: string;
    subject: string;
    refs: number[];
  }>(
    await tx.execute(sql`insert into ${indicatorSubjects} (component, area_code, year, subject, refs)
      select k, a, y, s, d::int[] from unnest(${col((m) => m.component)}::text[], ${col((m) => m.area)}::text[],
        ${col((m) => m.year)}::text[], ${col((m) => m.subject)}::text[], ${col((m) => `{${m.delta.join(",")}}`)}::text[]) as x(k, a, y, s, d)
      on conflict (area_code, year, component, subject) do update set refs = (
        select array_agg(o + n order by i) from unnest(${indicatorSubjects.refs}, excluded.refs) with ordinality as t(o, n, i))
      returning area_code, year, component, subject, refs`),
  );
  const byKey = new Map(moved.map((m) => [`${m.area}|${m.year}|${m.component}|${m.subject}`, m]));
  for (const r of rows) {
    const { delta } = byKey.get(`${r.area_code}|${r.year}|${r.component}|${r.subject}`)!;
    const after = r.refs.map(Number);
    const before = after.map((n, i) => n - delta[i]!);
    for (const { suffix, months } of YEAR_PERIODS) {
      const was = months.some((m) => before[m]! > 0);
      const is = months.some((m) => after[m]! > 0);
      if (was !== is) total(r.area_code, `${r.year}${suffix}`, r.component, "").value += is ? 1 : -1;
    }
  }
}

async function writeTotals(tx: Database, rows: Total[]) {
  const moved = rows.filter((t) => t.value !== 0 || t.records !== 0 || t.asOf);
  if (moved.length === 0) return;
  const col = columnsOf(moved);
  await tx.execute(sql`insert into ${indicatorTotals} (component, area_code, period, source, value, records, as_of)
    select component, area_code, period, source, value::float8, records::int, as_of::timestamptz
    from unnest(${col((t) => t.component)}::text[], ${col((t) => t.area)}::text[], ${col((t) => t.period)}::text[],
      ${col((t) => t.source)}::text[], ${col((t) => String(t.value))}::text[], ${col((t) => String(t.records))}::text[],
      ${col((t) => t.asOf?.toISOString() ?? null)}::text[]) as x(component, area_code, period, source, value, records, as_of)
    on conflict (area_code, period, component, source) do update set
      value = ${indicatorTotals.value} + excluded.value,
      records = ${indicatorTotals.records} + excluded.records,
      as_of = greatest(${indicatorTotals.asOf}, excluded.as_of)`);
}

/** The components of a scope and period, read from the totals: a few rows per component. */
export async function figures(db: Database, scope: Scope, period: string): Promise<Figures> {
  const area = scope.level === "province" ? PROVINCE_CODE : (scope.districtCode ?? scope.cityCode);
  const { first, last } = periodMonths(period);
  const stocks = sql.param([...STOCK_COMPONENTS]);
  const rows = rowsOf<{
    component: string;
    value: number;
    records: number;
    sources: string[] | null;
    as_of: string | null;
  }>(
    await db.execute(sql`
      select component, sum(value)::float8 as value, sum(records)::int as records,
        array_agg(distinct source order by source) filter (where source <> '' and records > 0) as sources,
        max(as_of) as as_of
      from (
        select component, value, records, source, as_of from ${indicatorTotals}
        where area_code = ${area} and (
          (component <> all(${stocks}::text[]) and period = ${period})
          or (component = any(${stocks}::text[]) and length(period) = 7 and period <= ${last}))
        union all
        select component || '@start', value, records, source, as_of from ${indicatorTotals}
        where area_code = ${area} and component = any(${stocks}::text[]) and length(period) = 7 and period < ${first}
      ) as t
      group by component`),
  );
  return Object.fromEntries(
    rows
      .filter((r) => r.records > 0 || r.value !== 0)
      .map((r) => [
        r.component,
        {
          value: Number(r.value),
          records: r.records,
          sources: r.sources ?? [],
          asOf: r.as_of === null ? null : new Date(r.as_of).toISOString(),
        },
      ]),
  );
}

/**
 * Builds the totals afresh from the stored contributions, in one transaction: for a database that
 * had contributions before the totals existed, and as a repair.
 */
export async function rebuildTotals(db: Database): Promise<void> {
  const c = indicatorContributions;
  await db.transaction(async (tx) => {
    await tx.delete(indicatorSubjects);
    await tx.delete(indicatorTotals);
    let after: (CountedRow & { recordId: string }) | undefined;
    for (;;) {
      const batch = await tx
        .select()
        .from(c)
        .where(
          after
            ? sql`(${c.recordId}, ${c.component}, ${c.month}, ${c.subject}) > (${after.recordId}, ${after.component}, ${after.month}, ${after.subject})`
            : sql`true`,
        )
        .orderBy(c.recordId, c.component, c.month, c.subject)
        .limit(20_000);
      if (batch.length === 0) return;
      await moveTotals(
        tx,
        batch.map((row) => ({ row, delta: 1 as const })),
      );
      after = batch.at(-1);
    }
  });
}
