/**
 * China's date and working calendar: the bureaus work by the date in China (Asia/Shanghai, UTC+8 all
 * year, no daylight saving), whatever the server's time zone. Dates are YYYY-MM-DD text.
 */

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The date in China (YYYY-MM-DD) at the instant `d`: 2026-12-31T16:00:00Z is 2027-01-01. */
export function chinaDate(d: Date): string {
  return new Date(d.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today's date in China by `clock` (the system's by default). */
export function chinaToday(clock: () => Date = () => new Date()): string {
  return chinaDate(clock());
}

/** The month in China (YYYY-MM) at the instant `d`. */
export function chinaMonth(d: Date): string {
  return chinaDate(d).slice(0, 7);
}

/**
 * A date kept as it is (YYYY-MM-DD), or an instant with its offset (ISO 8601) read as a date in China.
 * A RangeError for text that is neither.
 */
export function chinaDateOf(dateOrInstant: string): string {
  if (dateOrInstant.length === 10) return dateOrInstant;
  const instant = new Date(dateOrInstant);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`${dateOrInstant} is not a date or timestamp`);
  return chinaDate(instant);
}

/** True for a real calendar date written YYYY-MM-DD (no 2023-02-29, no 2024-04-31). */
export function isCalendarDate(text: string): boolean {
  const m = DATE_SHAPE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The date `days` calendar days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export interface WorkingCalendar {
  /** Public holidays that fall on weekdays. */
  holidays?: ReadonlySet<string>;
  /** Weekend days made working days (调休上班). */
  extraWorkdays?: ReadonlySet<string>;
}

export function isWorkingDay(date: string, calendar: WorkingCalendar = {}): boolean {
  if (calendar.extraWorkdays?.has(date)) return true;
  if (calendar.holidays?.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The date `n` working days after `date` (the day itself not counted): the 办结时限 of a registration.
 * Without a calendar only weekends are skipped; pass the State Council holiday schedule for exact dates.
 */
export function addWorkingDays(date: string, n: number, calendar: WorkingCalendar = {}): string {
  let current = date;
  for (let left = n; left > 0; ) {
    current = addDays(current, 1);
    if (isWorkingDay(current, calendar)) left--;
  }
  return current;
}

/** Full years of age on `date` for someone born on `birthDate`. */
export function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) < birthDate.slice(5) ? years - 1 : years;
}
