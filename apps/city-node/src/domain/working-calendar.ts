import {
  addDays,
  addWorkingDays as addWorkingDaysOver,
  isCalendarDate,
  isWorkingDay as isWorkingDayOver,
} from "@pes/core";
import type { IsoDate } from "@pes/schemas";
import { DomainRuleError } from "./errors.js";

/** One day that differs from the plain Monday–Friday week. */
export interface CalendarEntry {
  date: IsoDate;
  /** "holiday": a rest day (法定节假日); "workday": a weekend day worked instead (调休上班). */
  kind: "holiday" | "workday";
  name?: string;
}

/** 办结时限: an unemployment registration is finished within 10 working days. */
export const REGISTRATION_WORKING_DAYS = 10;

function range(from: IsoDate, to: IsoDate, name: string): CalendarEntry[] {
  const entries: CalendarEntry[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) entries.push({ date, kind: "holiday", name });
  return entries;
}

/** 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号). */
export const CHINA_2025_SCHEDULE: readonly CalendarEntry[] = [
  ...range("2025-01-01", "2025-01-01", "元旦"),
  ...range("2025-01-28", "2025-02-04", "春节"),
  { date: "2025-01-26", kind: "workday", name: "春节调休" },
  { date: "2025-02-08", kind: "workday", name: "春节调休" },
  ...range("2025-04-04", "2025-04-06", "清明节"),
  ...range("2025-05-01", "2025-05-05", "劳动节"),
  { date: "2025-04-27", kind: "workday", name: "劳动节调休" },
  ...range("2025-05-31", "2025-06-02", "端午节"),
  ...range("2025-10-01", "2025-10-08", "国庆节、中秋节"),
  { date: "2025-09-28", kind: "workday", name: "国庆节调休" },
  { date: "2025-10-11", kind: "workday", name: "国庆节调休" },
];

/**
 * 国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04 (新华社; e.g.
 * https://politics.gmw.cn/2025-11/04/content_38391083.htm).
 */
export const CHINA_2026_SCHEDULE: readonly CalendarEntry[] = [
  ...range("2026-01-01", "2026-01-03", "元旦"),
  { date: "2026-01-04", kind: "workday", name: "元旦调休" },
  ...range("2026-02-15", "2026-02-23", "春节"),
  { date: "2026-02-14", kind: "workday", name: "春节调休" },
  { date: "2026-02-28", kind: "workday", name: "春节调休" },
  ...range("2026-04-04", "2026-04-06", "清明节"),
  ...range("2026-05-01", "2026-05-05", "劳动节"),
  { date: "2026-05-09", kind: "workday", name: "劳动节调休" },
  ...range("2026-06-19", "2026-06-21", "端午节"),
  ...range("2026-09-25", "2026-09-27", "中秋节"),
  ...range("2026-10-01", "2026-10-07", "国庆节"),
  { date: "2026-09-20", kind: "workday", name: "国庆节调休" },
  { date: "2026-10-10", kind: "workday", name: "国庆节调休" },
];

/** Every national schedule built in, one per year. */
export const CHINA_SCHEDULES: Readonly<Record<number, readonly CalendarEntry[]>> = {
  2025: CHINA_2025_SCHEDULE,
  2026: CHINA_2026_SCHEDULE,
};

/** A deadline and whether it is only provisional (counted on weekends alone for a year without a schedule). */
export interface Deadline {
  dueBy: IsoDate;
  /** True when a year from the start to `dueBy` has no schedule: holidays may still move it. */
  provisional: boolean;
}

/**
 * The working days a city counts deadlines in. Wraps the set-based helpers of @pes/core with
 * validated entries; years without loaded entries fall back to plain weekends (see `knowsYear`).
 */
export class WorkingCalendar {
  readonly #holidays = new Set<IsoDate>();
  readonly #workdays = new Set<IsoDate>();
  readonly #names = new Map<IsoDate, string>();
  readonly #years = new Set<number>();

  constructor(entries: Iterable<CalendarEntry> = []) {
    for (const entry of entries) this.#add(entry);
  }

  /** The 2025 national schedule; add a city's later years with `with(...)`. */
  static china2025(): WorkingCalendar {
    return new WorkingCalendar(CHINA_2025_SCHEDULE);
  }

  /** Every national schedule built in (2025, 2026); add a city's later years with `with(...)`. */
  static china(): WorkingCalendar {
    return new WorkingCalendar(Object.values(CHINA_SCHEDULES).flat());
  }

  /** A new calendar with these entries added (a later entry for the same date replaces the earlier one). */
  with(entries: Iterable<CalendarEntry>): WorkingCalendar {
    return new WorkingCalendar([...this.entries(), ...entries]);
  }

  #add(entry: CalendarEntry): void {
    if (!isCalendarDate(entry.date)) {
      throw new DomainRuleError("invalid-date", `${entry.date} is not a calendar date (YYYY-MM-DD)`, {
        field: "date",
      });
    }
    const weekday = new Date(`${entry.date}T00:00:00Z`).getUTCDay();
    if (entry.kind === "workday" && weekday !== 0 && weekday !== 6) {
      throw new DomainRuleError(
        "workday-not-weekend",
        `${entry.date} is a weekday; only a Saturday or Sunday can be a make-up working day (调休上班)`,
        { field: "date" },
      );
    }
    this.#holidays.delete(entry.date);
    this.#workdays.delete(entry.date);
    (entry.kind === "holiday" ? this.#holidays : this.#workdays).add(entry.date);
    if (entry.name) this.#names.set(entry.date, entry.name);
    else this.#names.delete(entry.date);
    this.#years.add(Number(entry.date.slice(0, 4)));
  }

  entries(): CalendarEntry[] {
    const entries: CalendarEntry[] = [];
    for (const [dates, kind] of [
      [this.#holidays, "holiday"],
      [this.#workdays, "workday"],
    ] as const) {
      for (const date of dates) {
        const name = this.#names.get(date);
        entries.push(name === undefined ? { date, kind } : { date, kind, name });
      }
    }
    return entries.sort((a, b) => a.date.localeCompare(b.date));
  }

  /** Whether any entry was loaded for that year; without one, only weekends are rest days. */
  knowsYear(year: number): boolean {
    return this.#years.has(year);
  }

  isWorkingDay(date: IsoDate): boolean {
    return isWorkingDayOver(date, { holidays: this.#holidays, extraWorkdays: this.#workdays });
  }

  /** The n-th working day after `date` (the day itself not counted, whether or not it is a working day). */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    if (!isCalendarDate(date)) {
      throw new DomainRuleError("invalid-date", `${date} is not a calendar date (YYYY-MM-DD)`, {
        field: "date",
      });
    }
    if (!Number.isInteger(n) || n < 0) {
      throw new DomainRuleError("invalid-working-days", `Working days must be a whole number ≥ 0, not ${n}`);
    }
    return addWorkingDaysOver(date, n, { holidays: this.#holidays, extraWorkdays: this.#workdays });
  }

  /** 办结时限: the 10th working day after the application day. */
  deadlineOf(appliedOn: IsoDate): IsoDate {
    return this.addWorkingDays(appliedOn, REGISTRATION_WORKING_DAYS);
  }

  /** Whether every year from `from` to `to` has a schedule; otherwise a deadline between them is provisional. */
  knowsYearsBetween(from: IsoDate, to: IsoDate): boolean {
    for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
      if (!this.knowsYear(year)) return false;
    }
    return true;
  }

  /** 办结时限 with whether it is provisional: a year it crosses has no schedule yet (weekends only). */
  registrationDeadline(appliedOn: IsoDate): Deadline {
    const dueBy = this.deadlineOf(appliedOn);
    return { dueBy, provisional: !this.knowsYearsBetween(appliedOn, dueBy) };
  }
}

/** The built-in calendar: the national schedules of 2025 and 2026. */
export const DEFAULT_WORKING_CALENDAR: WorkingCalendar = WorkingCalendar.china();
