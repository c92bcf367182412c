import { describe, expect, it } from "vitest";
import { CHINA_2025_SCHEDULE, DEFAULT_WORKING_CALENDAR, WorkingCalendar } from "../../src/domain/index.js";

describe("WorkingCalendar with the 2025 national schedule", () => {
  const calendar = DEFAULT_WORKING_CALENDAR;

  it("rests on listed holidays and weekends, works on make-up days", () => {
    expect(calendar.isWorkingDay("2025-10-01")).toBe(false); // 国庆, Wednesday
    expect(calendar.isWorkingDay("2025-10-08")).toBe(false);
    expect(calendar.isWorkingDay("2025-10-11")).toBe(true); // Saturday, 调休上班
    expect(calendar.isWorkingDay("2025-09-28")).toBe(true); // Sunday, 调休上班
    expect(calendar.isWorkingDay("2025-10-12")).toBe(false); // plain Sunday
    expect(calendar.isWorkingDay("2025-10-09")).toBe(true);
    expect(calendar.isWorkingDay("2025-01-01")).toBe(false);
    expect(calendar.isWorkingDay("2025-04-27")).toBe(true);
  });

  it("holds the published holiday days", () => {
    const holidays = CHINA_2025_SCHEDULE.filter((e) => e.kind === "holiday");
    const workdays = CHINA_2025_SCHEDULE.filter((e) => e.kind === "workday").map((e) => e.date);
    expect(holidays).toHaveLength(1 + 8 + 3 + 5 + 3 + 8);
    expect(workdays.sort()).toEqual(["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]);
  });

  it("puts the 10th working day after National Day, counting the make-up Saturday", () => {
    // 9-30 applied; 10-01..10-08 rest; 10-09, 10-10, 10-11 (Sat, worked), 10-13..10-17, 10-20, 10-21
    expect(calendar.deadlineOf("2025-09-30")).toBe("2025-10-21");
    // 9-26 (Fri) applied: 9-28 (Sun, worked) is the first working day
    expect(calendar.deadlineOf("2025-09-26")).toBe("2025-10-16");
  });

  it("counts the Spring Festival make-up Saturday 2-8", () => {
    // 1-27 applied; 1-28..2-04 rest; 2-05, 2-06, 2-07, 2-08 (Sat), 2-10..2-14, 2-17
    expect(calendar.deadlineOf("2025-01-27")).toBe("2025-02-17");
    expect(new WorkingCalendar().deadlineOf("2025-01-27")).toBe("2025-02-10"); // weekends only
  });

  it("does not count the application day, even if it is a working day", () => {
    expect(calendar.addWorkingDays("2025-03-03", 1)).toBe("2025-03-04");
    expect(calendar.addWorkingDays("2025-03-08", 1)).toBe("2025-03-10"); // applied online on a Saturday
    expect(calendar.addWorkingDays("2025-03-03", 0)).toBe("2025-03-03");
  });

  it("loads a city's further years and says which years it knows", () => {
    expect(calendar.knowsYear(2025)).toBe(true);
    expect(calendar.knowsYear(2026)).toBe(true);
    expect(calendar.knowsYear(2027)).toBe(false);
    const more = calendar.with([{ date: "2027-01-01", kind: "holiday", name: "元旦" }]);
    expect(more.knowsYear(2027)).toBe(true);
    expect(more.isWorkingDay("2027-01-01")).toBe(false);
    expect(calendar.isWorkingDay("2027-01-01")).toBe(true); // the original is unchanged
  });

  it("refuses entries that cannot be right", () => {
    expect(() => new WorkingCalendar([{ date: "2025-02-30", kind: "holiday" }])).toThrow(
      expect.objectContaining({ code: "invalid-date" }),
    );
    expect(() => new WorkingCalendar([{ date: "2025-10-10", kind: "workday" }])).toThrow(
      expect.objectContaining({ code: "workday-not-weekend" }),
    );
    expect(() => calendar.addWorkingDays("2025-03-03", -1)).toThrow(
      expect.objectContaining({ code: "invalid-working-days" }),
    );
  });
});
