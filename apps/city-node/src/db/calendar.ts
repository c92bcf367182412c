import type { Database } from "@pes/sync/db";
import { DEFAULT_WORKING_CALENDAR, type WorkingCalendar } from "../domain/index.js";
import { calendarDays } from "./tables/calendar.js";

/** The national schedule built in, with whatever holidays and make-up days the city has loaded on top. */
export async function loadCalendar(db: Database): Promise<WorkingCalendar> {
  const rows = await db.select().from(calendarDays);
  return DEFAULT_WORKING_CALENDAR.with(
    rows.map((r) => ({ date: r.date, kind: r.kind, ...(r.name ? { name: r.name } : {}) })),
  );
}
