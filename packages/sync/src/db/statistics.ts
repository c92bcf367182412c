import { sql } from "drizzle-orm";
import type { Database } from "./index.js";
import { rowsOf } from "./rows.js";

/**
 * Analyzes the tables that changed by more than `fraction` since their last analyze, as autovacuum
 * would: where it is off (some servers, and the embedded database) tables that grew from empty keep
 * no statistics, and the planner then scans them whole for every batch lookup. Returns what it analyzed.
 */
export async function analyzeChangedTables(db: Database, fraction = 0.2): Promise<string[]> {
  const stale = rowsOf<{ relname: string }>(
    await db.execute(sql`select relname from pg_stat_user_tables
      where n_mod_since_analyze > 500 + ${fraction}::float8 * n_live_tup
        and coalesce((select setting from pg_settings where name = 'autovacuum'), 'off') = 'off'
      order by relname`),
  ).map((r) => r.relname);
  for (const table of stale) await db.execute(sql`analyze ${sql.identifier(table)}`);
  return stale;
}

/** Runs analyzeChangedTables every `intervalMs` until stopped; a failed round is reported and retried next time. */
export function keepStatistics(
  db: Database,
  opts: { intervalMs?: number; onError?: (e: unknown) => void } = {},
): { stop(): void } {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await analyzeChangedTables(db);
    } catch (e) {
      opts.onError?.(e);
    } finally {
      running = false;
    }
  }, opts.intervalMs ?? 30_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
