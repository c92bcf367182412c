/**
 * Ranks of areas on one indicator: 1 is the best, by the indicator's comparator (">=": higher is
 * better, "<=": lower is better). Areas with the same value share a rank and the next rank skips
 * (standard competition ranking, "1224"), as league tables of cities are read. An area without a
 * value has no rank.
 */
export function competitionRanks(
  values: ReadonlyArray<{ area: string; actual: number | null }>,
  comparator: string,
): Map<string, number> {
  const better = comparator === "<=" ? (a: number, b: number) => a - b : (a: number, b: number) => b - a;
  const measured = values.filter((v): v is { area: string; actual: number } => v.actual !== null);
  const ranks = new Map<string, number>();
  for (const v of measured)
    ranks.set(v.area, 1 + measured.filter((o) => better(o.actual, v.actual) < 0).length);
  return ranks;
}
