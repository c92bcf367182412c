import { z } from "zod";

export type PeriodKind = "month" | "quarter" | "half-year" | "year";

const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$/;

export const ReportingPeriod = z
  .string()
  .regex(PERIOD, {
    error: "Write the period as 2024-03 (month), 2024-Q1 (quarter), 2024-H1 (half-year) or 2024",
  })
  .meta({
    title: "Reporting period (统计期)",
    description: "Month YYYY-MM, quarter YYYY-Qn, half-year YYYY-Hn or year YYYY",
    examples: ["2024-03", "2024-Q1", "2024-H1", "2024"],
  });
export type ReportingPeriod = z.infer<typeof ReportingPeriod>;

function parse(period: string): { year: number; kind: PeriodKind; index: number } {
  const m = PERIOD.exec(period);
  if (!m) throw new Error(`not a reporting period: ${JSON.stringify(period)}`);
  const year = Number(m[1]);
  const part = m[2];
  if (part === undefined) return { year, kind: "year", index: 1 };
  if (part.startsWith("Q")) return { year, kind: "quarter", index: Number(part.slice(1)) };
  if (part.startsWith("H")) return { year, kind: "half-year", index: Number(part.slice(1)) };
  return { year, kind: "month", index: Number(part) };
}

const MONTHS_PER: Record<PeriodKind, number> = { month: 1, quarter: 3, "half-year": 6, year: 12 };

function format(year: number, kind: PeriodKind, index: number): string {
  switch (kind) {
    case "month":
      return `${year}-${String(index).padStart(2, "0")}`;
    case "quarter":
      return `${year}-Q${index}`;
    case "half-year":
      return `${year}-H${index}`;
    case "year":
      return `${year}`;
  }
}

const firstOfMonth = (year: number, month0: number) =>
  `${year + Math.floor(month0 / 12)}-${String((month0 % 12) + 1).padStart(2, "0")}-01`;

export function periodKind(period: string): PeriodKind {
  return parse(period).kind;
}

/** First day and the day after the last: [start, endExclusive), so periods tile without gaps. */
export function periodBounds(period: string): { start: string; endExclusive: string } {
  const { year, kind, index } = parse(period);
  const months = MONTHS_PER[kind];
  const month0 = (index - 1) * months;
  return { start: firstOfMonth(year, month0), endExclusive: firstOfMonth(year, month0 + months) };
}

/** The month, quarter, half-year and year a YYYY-MM-DD date falls in. */
export function periodsContaining(date: string): {
  month: string;
  quarter: string;
  halfYear: string;
  year: string;
} {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (!/^\d{4}-\d{2}-\d{2}/.test(date) || month < 1 || month > 12)
    throw new Error("expected a YYYY-MM-DD date");
  return {
    month: format(year, "month", month),
    quarter: format(year, "quarter", Math.ceil(month / 3)),
    halfYear: format(year, "half-year", month <= 6 ? 1 : 2),
    year: format(year, "year", 1),
  };
}

export function periodContains(period: string, date: string): boolean {
  const { start, endExclusive } = periodBounds(period);
  const day = date.slice(0, 10);
  return day >= start && day < endExclusive;
}

export function previousPeriod(period: string): string {
  const { year, kind, index } = parse(period);
  const count = 12 / MONTHS_PER[kind];
  return index > 1 ? format(year, kind, index - 1) : format(year - 1, kind, count);
}

export function nextPeriod(period: string): string {
  const { year, kind, index } = parse(period);
  const count = 12 / MONTHS_PER[kind];
  return index < count ? format(year, kind, index + 1) : format(year + 1, kind, 1);
}
