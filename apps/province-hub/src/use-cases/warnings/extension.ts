import { columnsOf, rowsOf } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { sql } from "drizzle-orm";
import { riskWarnings, unemploymentInflow } from "../../db/tables/warnings.js";
import { assessRise, previousMonths, type WarningRule } from "../../domain/warnings/rule.js";
import type { IngestExtension } from "../ingest/types.js";

/** A slice of an area's registrations: all of them, one key group's, or one industry's (its section). */
interface Slice {
  dimension: "area" | "group" | "industry";
  category: string;
}

/** The slices a registration counts in: the area, each of its key groups, the industry of its last job. */
export function slicesOf(registration: { keyGroups?: readonly string[]; lastJobIndustry?: string }): Slice[] {
  return [
    { dimension: "area", category: "" },
    ...[...new Set(registration.keyGroups ?? [])].map((g) => ({ dimension: "group" as const, category: g })),
    ...(registration.lastJobIndustry
      ? [{ dimension: "industry" as const, category: registration.lastJobIndustry.slice(0, 1) }]
      : []),
  ];
}

interface Counted {
  area_code: string;
  dimension: string;
  category: string;
  month: string;
  registrations: number;
}
const keyOf = (c: { areaCode: string; dimension: string; category: string; month: string }) =>
  `${c.areaCode}|${c.dimension}|${c.category}|${c.month}`;

/**
 * Counts each unemployment registration once (when the hub first stores it, whichever revision
 * that is), in its city and its district, in each of its slices, by the month it was applied for,
 * and raises (or updates) the warning of that area, slice and month when the rise passes the rule.
 */
export function riskWarningExtension(rule: WarningRule): IngestExtension {
  return async (tx, { records }) => {
    const added = new Map<
      string,
      { areaCode: string; dimension: string; category: string; month: string; count: number }
    >();
    for (const record of records) {
      if (record.type !== "unemployment-registration" || !record.firstSeen) continue;
      const data = record.data as { appliedOn: string; keyGroups?: string[]; lastJobIndustry?: string };
      const month = String(data.appliedOn).slice(0, 7);
      for (const areaCode of [record.cityCode, record.districtCode]) {
        if (!areaCode) continue;
        for (const slice of slicesOf(data)) {
          const key = keyOf({ areaCode, ...slice, month });
          const entry = added.get(key) ?? { areaCode, ...slice, month, count: 0 };
          entry.count += 1;
          added.set(key, entry);
        }
      }
    }
    if (added.size === 0) return;
    // In a fixed order, so two chunks counting the same areas cannot deadlock.
    const rows = [...added.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
    const col = columnsOf(rows);
    const counted = rowsOf<Counted>(
      await tx.execute(sql`insert into ${unemploymentInflow} (area_code, dimension, category, month, registrations)
        select a, d, k, m, c::int from unnest(${col((r) => r.areaCode)}::text[], ${col((r) => r.dimension)}::text[],
          ${col((r) => r.category)}::text[], ${col((r) => r.month)}::text[], ${col((r) => String(r.count))}::text[])
          as x(a, d, k, m, c)
        on conflict (area_code, dimension, category, month) do update
          set registrations = ${unemploymentInflow.registrations} + excluded.registrations
        returning area_code, dimension, category, month, registrations`),
    );
    await evaluate(tx, rule, counted);
  };
}

/** Assesses each counted area and slice against its previous months; one read for all of them. */
async function evaluate(tx: Database, rule: WarningRule, counted: Counted[]) {
  const months = new Map(counted.map((c) => [c.month, previousMonths(c.month, rule.baselineMonths)]));
  const history = await tx
    .select()
    .from(unemploymentInflow)
    .where(
      sql`${unemploymentInflow.areaCode} = any(${sql.param([...new Set(counted.map((c) => c.area_code))])}::text[])
        and ${unemploymentInflow.month} = any(${sql.param([...new Set([...months.values()].flat())])}::text[])`,
    );
  const known = new Map(history.map((h) => [keyOf(h), h.registrations]));
  for (const { area_code: areaCode, dimension, category, month, registrations: current } of counted) {
    const { baseline, rise, warn } = assessRise(
      current,
      months.get(month)!.map((m) => known.get(keyOf({ areaCode, dimension, category, month: m }))),
      rule,
    );
    if (!warn) continue;
    await tx
      .insert(riskWarnings)
      .values({
        areaCode,
        dimension,
        category,
        month,
        registrations: current,
        baseline,
        rise,
        threshold: rule.threshold,
      })
      .onConflictDoUpdate({
        target: [riskWarnings.areaCode, riskWarnings.dimension, riskWarnings.category, riskWarnings.month],
        set: { registrations: current, baseline, rise, updatedAt: sql`now()` },
      });
  }
}
