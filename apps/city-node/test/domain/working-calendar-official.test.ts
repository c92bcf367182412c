import { seededRandom } from "@pes/schemas/testing";
import { describe, expect, it } from "vitest";
import { DEFAULT_WORKING_CALENDAR, WorkingCalendar } from "../../src/domain/index.js";

/**
 * The official lists, typed in here from the notices themselves and sharing nothing with
 * src/domain/working-calendar.ts:
 * - 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号);
 * - 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04, 新华社;
 *   https://politics.gmw.cn/2025-11/04/content_38391083.htm).
 * [first, last] rest days of each holiday, and the weekend days worked instead (调休上班).
 */
const OFFICIAL = {
  2025: {
    rest: [
      ["01-01", "01-01"],
      ["01-28", "02-04"],
      ["04-04", "04-06"],
      ["05-01", "05-05"],
      ["05-31", "06-02"],
      ["10-01", "10-08"],
    ],
    worked: ["01-26", "02-08", "04-27", "09-28", "10-11"],
  },
  2026: {
    rest: [
      ["01-01", "01-03"], // 元旦: 1月1日(周四)至3日(周六)
      ["02-15", "02-23"], // 春节: 2月15日(周日)至23日(周一)
      ["04-04", "04-06"], // 清明节
      ["05-01", "05-05"], // 劳动节
      ["06-19", "06-21"], // 端午节
      ["09-25", "09-27"], // 中秋节
      ["10-01", "10-07"], // 国庆节
    ],
    worked: ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"],
  },
} as const;

/** Days as UTC midnights, counted independently of @pes/schemas' date helpers. */
const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const at = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10));

function oracleWorkingDay(date: string): boolean {
  const year = Number(date.slice(0, 4)) as keyof typeof OFFICIAL;
  const md = date.slice(5);
  const official = OFFICIAL[year];
  if (official) {
    if ((official.worked as readonly string[]).includes(md)) return true;
    if (official.rest.some(([from, to]) => md >= from && md <= to)) return false;
  }
  const weekday = new Date(at(date)).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

function oracleDeadline(applied: string, n = 10): string {
  let t = at(applied);
  for (let left = n; left > 0; ) {
    t += DAY;
    if (oracleWorkingDay(iso(t))) left--;
  }
  return iso(t);
}

describe("the working-day calendar against the official 2025 and 2026 schedules", () => {
  const calendar = DEFAULT_WORKING_CALENDAR;

  it("says for every day of 2025 and 2026 what the notices say", () => {
    let restDays = 0;
    for (let t = at("2025-01-01"); t <= at("2026-12-31"); t += DAY) {
      const date = iso(t);
      expect(calendar.isWorkingDay(date), date).toBe(oracleWorkingDay(date));
      if (!oracleWorkingDay(date)) restDays++;
    }
    // 2025: 104 weekend days + 18 holidays on weekdays − 5 worked = 117 (248 working days);
    // 2026: 104 + 19 − 6 = 117 (248 working days).
    expect(restDays).toBe(117 + 117);
  });

  it("knows 2025 and 2026, not 2027", () => {
    expect(calendar.knowsYear(2025)).toBe(true);
    expect(calendar.knowsYear(2026)).toBe(true);
    expect(calendar.knowsYear(2027)).toBe(false);
  });

  it("agrees with the oracle on 5,000 generated application days (10th working day, not provisional)", () => {
    const random = seededRandom(20260101);
    const first = at("2024-12-01");
    const last = at("2026-12-17"); // the last application day whose deadline stays in 2026
    for (let n = 0; n < 5_000; n++) {
      const applied = iso(first + Math.floor(random() * ((last - first) / DAY + 1)) * DAY);
      const deadline = calendar.registrationDeadline(applied);
      expect(deadline.dueBy, applied).toBe(oracleDeadline(applied));
      // 2024-12 applications reach into 2025 but start in 2024, which has no schedule here.
      expect(deadline.provisional, applied).toBe(applied < "2025-01-01");
    }
  });

  it("counts the 2026 holidays and make-up days", () => {
    // Tue 2026-02-10: 11, 12, 13, 14 (Sat, worked), 24, 25, 26, 27, 28 (Sat, worked), 3-02
    expect(calendar.deadlineOf("2026-02-10")).toBe("2026-03-02");
    // Wed 2025-12-24: 25, 26, 29, 30, 31, 1-04 (Sun, worked), 5, 6, 7, 8
    expect(calendar.deadlineOf("2025-12-24")).toBe("2026-01-08");
    // Fri 2026-09-18: 9-20 (Sun, worked), 21, 22, 23, 24, 28, 29, 30, 10-08, 10-09
    expect(calendar.deadlineOf("2026-09-18")).toBe("2026-10-09");
    expect(calendar.isWorkingDay("2026-10-10")).toBe(true); // Saturday, 调休上班
    expect(calendar.isWorkingDay("2026-10-08")).toBe(true); // the first working day after National Day
  });

  it("marks a deadline provisional from the first application day whose 10th working day lies in 2027", () => {
    // Thu 2026-12-17 → Thu 12-31: every day known.
    expect(calendar.registrationDeadline("2026-12-17")).toEqual({ dueBy: "2026-12-31", provisional: false });
    // Fri 2026-12-18 → Fri 2027-01-01 counted on weekends only: 元旦 2027 is not yet published.
    expect(calendar.registrationDeadline("2026-12-18")).toEqual({ dueBy: "2027-01-01", provisional: true });
    expect(calendar.registrationDeadline("2027-03-01").provisional).toBe(true);
    // Once a city loads 2027's schedule, no longer provisional.
    const with2027 = calendar.with([{ date: "2027-01-01", kind: "holiday", name: "元旦" }]);
    expect(with2027.registrationDeadline("2026-12-18")).toEqual({ dueBy: "2027-01-04", provisional: false });
  });

  it("a calendar without entries knows no year: every deadline is provisional", () => {
    expect(new WorkingCalendar().registrationDeadline("2025-03-03").provisional).toBe(true);
  });
});
