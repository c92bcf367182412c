import { FUJIAN_CITIES, sourceOf } from "@pes/schemas";
import { sql } from "drizzle-orm";
import { sourceDailyCounts } from "../../db/tables/monitoring.js";
import type { UseCaseContext } from "../context.js";
import { cityName, cityOf } from "./streams.js";

export interface SilentSource {
  source: string;
  cityCode: string | null;
  cityName: string | null;
  /** A city node the province expects to hear from (every city of Fujian). */
  expected: boolean;
  lastHeardAt: string | null;
  /** null: never heard from. */
  silentMinutes: number | null;
}

/** When each source was last heard from, by the running ingest (since start) or the per-day counts (ever). */
export async function lastHeard(
  { db }: Pick<UseCaseContext, "db">,
  { live }: { live: ReadonlyMap<string, Date> | undefined },
) {
  const heard = new Map<string, Date>();
  const rows = await db
    .select({ source: sourceDailyCounts.source, at: sql<string>`max(${sourceDailyCounts.lastReceivedAt})` })
    .from(sourceDailyCounts)
    .groupBy(sourceDailyCounts.source);
  for (const r of rows) heard.set(r.source, new Date(r.at));
  for (const [source, at] of live ?? []) {
    const known = heard.get(source);
    if (!known || known < at) heard.set(source, at);
  }
  return heard;
}

/** Sources not heard from for longer than the threshold, the expected city nodes never heard from first. */
export function silentSources(
  heard: ReadonlyMap<string, Date>,
  thresholdMinutes: number,
  now: Date,
): SilentSource[] {
  const expected = new Set(Object.keys(FUJIAN_CITIES).map((code) => sourceOf.city(code)));
  const all = new Set([...expected, ...heard.keys()]);
  const silent: SilentSource[] = [];
  for (const source of all) {
    const at = heard.get(source);
    const minutes = at ? Math.floor((now.getTime() - at.getTime()) / 60_000) : null;
    if (minutes !== null && minutes <= thresholdMinutes) continue;
    const city = cityOf(source, undefined);
    silent.push({
      source,
      cityCode: city,
      cityName: cityName(city),
      expected: expected.has(source),
      lastHeardAt: at?.toISOString() ?? null,
      silentMinutes: minutes,
    });
  }
  return silent.sort(
    (a, b) =>
      (b.silentMinutes ?? Number.POSITIVE_INFINITY) - (a.silentMinutes ?? Number.POSITIVE_INFINITY) ||
      a.source.localeCompare(b.source),
  );
}
