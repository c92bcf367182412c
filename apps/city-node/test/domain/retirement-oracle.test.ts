import { describe, expect, it } from "vitest";
import { type FemaleCategory, retirementAge, retirementDate } from "../../src/domain/index.js";

/**
 * An oracle written from the rule text alone (全国人大常委会关于实施渐进式延迟法定退休年龄的决定,
 * 2024-09-13, in force 2025-01-01, and its 对照表), sharing nothing with src/domain/retirement.ts:
 * - men 60 → 63: born 1965-01 onwards, one month more for every 4 months of birth date;
 * - women cadres (原55岁) 55 → 58: born 1970-01 onwards, likewise every 4 months;
 * - women workers (原50岁) 50 → 55: born 1975-01 onwards, one month more every 2 months.
 * Walked month by month (a counter that steps every N months), not computed by one formula.
 */
const RULES = {
  male: { base: 60, from: [1965, 1], every: 4, max: 63 },
  cadre: { base: 55, from: [1970, 1], every: 4, max: 58 },
  worker: { base: 50, from: [1975, 1], every: 2, max: 55 },
} as const;

function oracleAgeInMonths(kind: keyof typeof RULES, year: number, month: number): number {
  const rule = RULES[kind];
  let extra = 0;
  let monthsIntoStep = 0;
  let [y, m]: [number, number] = [rule.from[0], rule.from[1]];
  if (year < y || (year === y && month < m)) return rule.base * 12;
  // Walk from the first month affected to the birth month.
  for (;;) {
    if (monthsIntoStep === 0) extra++; // the first month of each step of N months adds a month
    monthsIntoStep = (monthsIntoStep + 1) % rule.every;
    if (y === year && m === month) break;
    m++;
    if (m === 13) [y, m] = [y + 1, 1];
  }
  return Math.min(rule.base * 12 + extra, rule.max * 12);
}

function oracleDate(birth: string, months: number): string {
  const [by, bm, bd] = birth.split("-").map(Number) as [number, number, number];
  const total = by * 12 + (bm - 1) + months;
  const [y, m] = [Math.floor(total / 12), (total % 12) + 1];
  const last = [
    31,
    (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ][m - 1]!;
  return `${y}-${String(m).padStart(2, "0")}-${String(Math.min(bd, last)).padStart(2, "0")}`;
}

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

describe("retirement.ts against an oracle written from the 2024 decision", () => {
  it("the oracle reproduces the published table's anchor rows", () => {
    expect(oracleAgeInMonths("male", 1964, 12)).toBe(60 * 12);
    expect(oracleAgeInMonths("male", 1965, 1)).toBe(60 * 12 + 1);
    expect(oracleAgeInMonths("male", 1965, 4)).toBe(60 * 12 + 1);
    expect(oracleAgeInMonths("male", 1965, 5)).toBe(60 * 12 + 2);
    expect(oracleAgeInMonths("male", 1976, 8)).toBe(62 * 12 + 11);
    expect(oracleAgeInMonths("male", 1976, 9)).toBe(63 * 12); // 1976年9月及以后: 63岁
    expect(oracleAgeInMonths("cadre", 1981, 9)).toBe(58 * 12); // 1981年9月及以后: 58岁
    expect(oracleAgeInMonths("worker", 1975, 2)).toBe(50 * 12 + 1);
    expect(oracleAgeInMonths("worker", 1975, 3)).toBe(50 * 12 + 2);
    expect(oracleAgeInMonths("worker", 1984, 10)).toBe(54 * 12 + 11);
    expect(oracleAgeInMonths("worker", 1984, 11)).toBe(55 * 12); // 1984年11月及以后: 55岁
  });

  it("agrees for every birth month 1950–2000, men, women cadres and women workers, on the first, middle and last days", () => {
    let compared = 0;
    for (let year = 1950; year <= 2000; year++) {
      for (let month = 1; month <= 12; month++) {
        for (const kind of ["male", "cadre", "worker"] as const) {
          const months = oracleAgeInMonths(kind, year, month);
          for (const day of new Set([1, 15, 28, daysIn(year, month)])) {
            const birthDate = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
            const person =
              kind === "male"
                ? { birthDate, sex: "male" as const }
                : { birthDate, sex: "female" as const, femaleCategory: kind as FemaleCategory };
            const age = retirementAge(person);
            expect(age.years * 12 + age.months, `${kind} ${birthDate}`).toBe(months);
            expect(retirementDate(person), `${kind} ${birthDate}`).toBe(oracleDate(birthDate, months));
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(51 * 12 * 3 * 4 - countFebruary28Duplicates());
  });
});

/** Februaries of non-leap years have 28 days: the day set {1, 15, 28, 28} has three members there. */
function countFebruary28Duplicates(): number {
  let n = 0;
  for (let year = 1950; year <= 2000; year++) if (daysIn(year, 2) === 28) n += 3;
  return n;
}
