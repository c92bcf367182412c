import type { Database } from "@pes/sync/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { riskWarnings, unemploymentInflow } from "../db/tables/warnings.js";
import type { IngestExtension } from "../ingest/types.js";
import { assessRise, previousMonths, type WarningRule } from "./rule.js";

/**
 * Counts each unemployment registration once (when the hub first stores it, whichever revision
 * that is), in its city and its district, by the month it was applied for, and raises (or updates)
 * the area's warning for that month when the rise passes the rule.
 */
export function riskWarningExtension(rule: WarningRule): IngestExtension {
  return async (tx, records) => {
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
    // In a fixed order, so two chunks counting the same areas cannot deadlock.
    for (const [, { areaCode, month, count }] of [...added].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const [row] = await tx
        .insert(unemploymentInflow)
        .values({ areaCode, month, registrations: count })
        .onConflictDoUpdate({
          target: [unemploymentInflow.areaCode, unemploymentInflow.month],
          set: { registrations: sql`${unemploymentInflow.registrations} + ${count}` },
        })
        .returning({ registrations: unemploymentInflow.registrations });
      await evaluate(tx, rule, areaCode, month, row!.registrations);
    }
  };
}

async function evaluate(tx: Database, rule: WarningRule, areaCode: string, month: string, current: number) {
  const months = previousMonths(month, rule.baselineMonths);
  const history = await tx
    .select({ month: unemploymentInflow.month, registrations: unemploymentInflow.registrations })
    .from(unemploymentInflow)
    .where(and(eq(unemploymentInflow.areaCode, areaCode), inArray(unemploymentInflow.month, months)));
  const byMonth = new Map(history.map((h) => [h.month, h.registrations]));
  const { baseline, rise, warn } = assessRise(
    current,
    months.map((m) => byMonth.get(m)),
    rule,
  );
  if (!warn) return;
  await tx
    .insert(riskWarnings)
    .values({ areaCode, month, registrations: current, baseline, rise, threshold: rule.threshold })
    .onConflictDoUpdate({
      target: [riskWarnings.areaCode, riskWarnings.month],
      set: { registrations: current, baseline, rise, updatedAt: sql`now()` },
    });
}
