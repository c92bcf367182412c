import { type PiiCipher, rowsOf } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { sql } from "drizzle-orm";
import { indicatorContributions, indicatorTotals } from "../../db/tables/indicators.js";
import { rederiveContributions } from "./store.js";
import { rebuildTotals } from "./totals.js";

/**
 * The mark of a re-derivation under way: a totals row in no area (no scope reads area ''), written
 * before the first batch and removed after the last. A start that finds it (the previous one stopped
 * half-way: killed, crashed, a database error) derives again; without it, the contributions already
 * written would look like a finished re-derivation and the rest would never be counted.
 */
const REDERIVING = { component: "~rederiving", areaCode: "", period: "", source: "" };

/**
 * At start: derives the contributions afresh when there are records but none (migration 0013 emptied
 * them when the definitions changed), or a re-derivation was interrupted; else fills the totals once
 * for a database whose contributions predate them. Give it the cipher, so persons kept without a birth
 * date are aged by their ID number as the ingest does.
 */
export async function ensureTotals(db: Database, opts: { cipher?: PiiCipher } = {}): Promise<void> {
  const t = indicatorTotals;
  const [state] = rowsOf<{ contributions: boolean; totals: boolean; records: boolean; rederiving: boolean }>(
    await db.execute(sql`select exists (select 1 from ${indicatorContributions}) as contributions,
      exists (select 1 from ${indicatorTotals}) as totals,
      exists (select 1 from hub_records where type <> 'declared-indicator-value') as records,
      exists (select 1 from ${indicatorTotals} where area_code = ${REDERIVING.areaCode}
        and period = ${REDERIVING.period} and component = ${REDERIVING.component}) as rederiving`),
  );
  if (state?.rederiving || (!state?.contributions && state?.records)) {
    await db.insert(t).values(REDERIVING).onConflictDoNothing();
    await rederiveContributions(db, opts);
    await db
      .delete(t)
      .where(
        sql`${t.areaCode} = ${REDERIVING.areaCode} and ${t.period} = ${REDERIVING.period} and ${t.component} = ${REDERIVING.component}`,
      );
    return;
  }
  if (state?.contributions && !state.totals) await rebuildTotals(db);
}
