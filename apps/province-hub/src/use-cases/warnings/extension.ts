import { columnsOf, rowsOf } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { sql } from "drizzle-orm";
import { riskWarnings, unemploymentInflow } from "../../db/tables/warnings.js";
import { assessRise, previousMonths, type WarningRule } from "../../domain/warnings/rule.js";
import type { IngestExtension } from "../ingest/types.js";

/**
 * Counts each unemployment registration once (when the hub first stores it, whichever revision
 * that is), in its city and its district, by the month it was applied for, and raises (or updates)
 * the area's warning for that month when the rise passes the rule.
 */
export function riskWarningExtension(rule: WarningRule): IngestExtension {
  return async (tx, { records }) => {
    const added = new Map<string, { areaCode: string; month: string; count: number }>();
    for (const record of records) {
      if (record.type !== "unemployment-registration" || !record.firstSeen) continue;
      const month = String((record.data as { appliedOn: string }).appliedOn).slice(0, 7);
      for (const areaCode of [record.cityCode, record.districtCode]) {
        if (!areaCode) continue;
        const entry = added.get(`${areaCode}|${month}`) ?? { areaCode, month, count: 0 };
        entry.count += 1;
        added.set(`${areaCode}|${month}`, entry);
      }
    }
    if (added.size === 0) return;
    // In a fixed order, so two chunks counting the same areas cannot deadlock.
    const rows = [...added.values()].sort((a, b) => (a.areaCode + a.month < b.areaCode + b.month ? -1 : 1));
    const col = columnsOf(rows);
    const counted = rowsOf<{ area_code: string; month: string; registrations: number }>(
      await tx.execute(sql`insert into ${unemploymentInflow} (area_code, month, registrations)
        select a, m, c::int from unnest(${col((r) => r.areaCode)}::text[], ${col((r) => r.month)}::text[],
          ${col((r) => String(r.count))}::text[]) as x(a, m, c)
        on conflict (area_code, month) do update
          set registrations = ${unemploymentInflow.registrations} + excluded.registrations
        returning area_code, month, registrations`),
    );
    await evaluate(tx, rule, counted);
  };
}

/** Assesses each counted area and month against its previous months; one read for all of them. */
async function evaluate(
  tx: Database,
  rule: WarningRule,
  counted: Array<{ area_code: string; month: string; registrations: number }>,
) {
  const months = new Map(counted.map((c) => [c.month, previousMonths(c.month, rule.baselineMonths)]));
  const history = await tx
    .select()
    .from(unemploymentInflow)
    .where(
      sql`${unemploymentInflow.areaCode} = any(${sql.param([...new Set(counted.map((c) => c.area_code))])}::text[])
        and ${unemploymentInflow.month} = any(${sql.param([...new Set([...months.values()].flat())])}::text[])`,
    );
  const known = new Map(history.map((h) => [`${h.areaCode}|${h.month}`, h.registrations]));
  for (const { area_code: areaCode, month, registrations: current } of counted) {
    const { baseline, rise, warn } = assessRise(
      current,
      months.get(month)!.map((m) => known.get(`${areaCode}|${m}`)),
      rule,
    );
    if (!warn) continue;
    await tx
      .insert(riskWarnings)
      .values({ areaCode, month, registrations: current, baseline, rise, threshold: rule.threshold })
      .onConflictDoUpdate({
        target: [riskWarnings.areaCode, riskWarnings.month],
        set: { registrations: current, baseline, rise, updatedAt: sql`now()` },
      });
  }
}
