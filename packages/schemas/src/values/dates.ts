import { z } from "zod";

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (no 2023-02-29, no 2024-04-31). */
export function isCalendarDate(text: string): boolean {
  const m = DATE_SHAPE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export const IsoDate = z
  .string()
  .regex(DATE_SHAPE, { error: "Write the date as YYYY-MM-DD, e.g. 2024-03-15", abort: true })
  .refine(isCalendarDate, { error: "This date does not exist in the calendar; check the month and day" })
  .meta({ description: "A calendar date, YYYY-MM-DD", format: "date", examples: ["2024-03-15"] });
export type IsoDate = z.infer<typeof IsoDate>;

export const Timestamp = z.iso
  .datetime({
    offset: true,
    error: "Write the time as ISO 8601 with its offset, e.g. 2024-03-15T09:30:00+08:00",
  })
  .meta({ description: "An instant, ISO 8601 with offset", examples: ["2024-03-15T09:30:00+08:00"] });
export type Timestamp = z.infer<typeof Timestamp>;

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Today's date in China (UTC+8, no daylight saving), the calendar the bureaus work by. */
export function todayInChina(now: Date = new Date()): IsoDate {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 24 * 60 * 60 * 1000;
  return new Date(t).toISOString().slice(0, 10);
}

export interface WorkingCalendar {
  /** Public holidays that fall on weekdays. */
  holidays?: ReadonlySet<IsoDate>;
  /** Weekend days made working days (调休上班). */
  extraWorkdays?: ReadonlySet<IsoDate>;
}

export function isWorkingDay(date: IsoDate, calendar: WorkingCalendar = {}): boolean {
  if (calendar.extraWorkdays?.has(date)) return true;
  if (calendar.holidays?.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The date `n` working days after `date` (the day itself not counted): the 办结时限 of a registration.
 * Without a calendar only weekends are skipped; pass the State Council holiday schedule for exact dates.
 */
export function addWorkingDays(date: IsoDate, n: number, calendar: WorkingCalendar = {}): IsoDate {
  let current = date;
  for (let left = n; left > 0; ) {
    current = addDays(current, 1);
    if (isWorkingDay(current, calendar)) left--;
  }
  return current;
}

/** Full years of age on `date` for someone born on `birthDate`. */
export function ageOn(birthDate: IsoDate, date: IsoDate): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) < birthDate.slice(5) ? years - 1 : years;
}
