/** When a month's new unemployment registrations in an area count as a rise (BRIEF §9, 353 plan). */
export interface WarningRule {
  /** 0.3: at least 30% above the baseline. */
  threshold: number;
  /** The baseline is the average of this many previous months. */
  baselineMonths: number;
  /** Below this many registrations a month, a rise is noise. */
  minimumRegistrations: number;
}

export const DEFAULT_WARNING_RULE: WarningRule = {
  threshold: 0.3,
  baselineMonths: 3,
  minimumRegistrations: 20,
};

export interface Assessment {
  baseline: number;
  rise: number;
  warn: boolean;
}

/**
 * Pure: the current month against the average of the previous ones. `undefined` is a month the area
 * has no data for; until the whole baseline window has data, an area that only started reporting
 * would "rise" every month, so it does not warn.
 */
export function assessRise(
  current: number,
  previous: readonly (number | undefined)[],
  rule: WarningRule,
): Assessment {
  const known = previous.filter((p): p is number => p !== undefined);
  const baseline = known.length === 0 ? 0 : known.reduce((a, b) => a + b, 0) / known.length;
  const rise = baseline === 0 ? (current > 0 ? Number.POSITIVE_INFINITY : 0) : current / baseline - 1;
  const fullHistory = known.length === previous.length && known.length > 0;
  const warn = fullHistory && baseline > 0 && current >= rule.minimumRegistrations && rise >= rule.threshold;
  return { baseline, rise, warn };
}

/** "2025-03" and the n months before it, newest first. */
export function previousMonths(month: string, n: number): string[] {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const index = y * 12 + (m - 1) - (i + 1);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
  });
}
