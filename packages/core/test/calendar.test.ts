import { describe, expect, it } from "vitest";
import {
  addDays,
  addWorkingDays,
  ageOn,
  chinaDate,
  chinaDateOf,
  chinaMonth,
  chinaToday,
  daysInMonth,
  isCalendarDate,
  isWorkingDay,
} from "../src/index.js";

describe("the date in China (UTC+8, no daylight saving)", () => {
  it.each([
    ["2026-12-31T16:00:00Z", "2027-01-01"],
    ["2026-12-31T15:59:59.999Z", "2026-12-31"],
    ["2024-02-28T16:00:00Z", "2024-02-29"],
    ["2023-02-28T16:00:00Z", "2023-03-01"],
    ["2025-06-30T23:59:59Z", "2025-07-01"],
    ["2025-07-01T00:00:00+08:00", "2025-07-01"],
    ["2025-06-30T23:59:59+08:00", "2025-06-30"],
  ])("%s is %s", (instant, date) => {
    expect(chinaDate(new Date(instant))).toBe(date);
  });

  it("whatever the process's time zone", () => {
    const tz = process.env.TZ;
    try {
      process.env.TZ = "America/Los_Angeles";
      expect(chinaDate(new Date("2026-12-31T16:00:00Z"))).toBe("2027-01-01");
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it("today by a clock, the system's by default", () => {
    expect(chinaToday(() => new Date("2026-12-31T16:00:00Z"))).toBe("2027-01-01");
    const before = chinaDate(new Date());
    const today = chinaToday();
    expect([before, chinaDate(new Date())]).toContain(today);
  });

  it("the month of an instant", () => {
    expect(chinaMonth(new Date("2026-12-31T16:00:00Z"))).toBe("2027-01");
    expect(chinaMonth(new Date("2026-11-30T15:59:59Z"))).toBe("2026-11");
  });

  it("keeps a date and reads an instant with its offset as a date in China", () => {
    expect(chinaDateOf("2025-03-15")).toBe("2025-03-15");
    expect(chinaDateOf("2025-03-14T16:30:00Z")).toBe("2025-03-15");
    expect(chinaDateOf("2025-03-15T07:59:00+08:00")).toBe("2025-03-15");
    expect(chinaDateOf("2025-03-15T20:00:00-05:00")).toBe("2025-03-16");
    expect(() => chinaDateOf("not an instant")).toThrow(RangeError);
  });
});

describe("the calendar", () => {
  it.each([
    ["2024-02-29", true],
    ["2023-02-29", false],
    ["2024-04-31", false],
    ["2024-12-31", true],
    ["2024-13-01", false],
    ["2024-00-10", false],
    ["2024-1-01", false],
    ["20240101", false],
  ])("%s is a calendar date: %s", (text, real) => {
    expect(isCalendarDate(text)).toBe(real);
  });

  it("counts the days of a month", () => {
    expect([daysInMonth(2024, 2), daysInMonth(2023, 2), daysInMonth(2100, 2), daysInMonth(2000, 2)]).toEqual([
      29, 28, 28, 29,
    ]);
    expect(daysInMonth(2025, 12)).toBe(31);
  });

  it("adds days over month and year ends, and subtracts", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(addDays("2025-01-15", 0)).toBe("2025-01-15");
  });

  it("skips weekends and holidays, keeps 调休 working weekends", () => {
    expect(isWorkingDay("2024-03-09")).toBe(false); // a Saturday
    expect(isWorkingDay("2024-03-11")).toBe(true);
    expect(isWorkingDay("2024-10-01", { holidays: new Set(["2024-10-01"]) })).toBe(false);
    expect(isWorkingDay("2024-09-29", { extraWorkdays: new Set(["2024-09-29"]) })).toBe(true);
  });

  it("counts 10 working days over weekends and given holidays", () => {
    expect(addWorkingDays("2024-03-01", 10)).toBe("2024-03-15");
    const holidays = new Set(["2024-04-04", "2024-04-05"]);
    const extraWorkdays = new Set(["2024-04-07"]);
    expect(addWorkingDays("2024-04-03", 3, { holidays, extraWorkdays })).toBe("2024-04-09");
  });

  it("computes full years of age", () => {
    expect(ageOn("1990-03-07", "2024-03-06")).toBe(33);
    expect(ageOn("1990-03-07", "2024-03-07")).toBe(34);
    expect(ageOn("2004-02-29", "2022-02-28")).toBe(17);
    expect(ageOn("2004-02-29", "2022-03-01")).toBe(18);
  });
});
