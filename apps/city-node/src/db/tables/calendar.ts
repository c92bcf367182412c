import { date, pgTable, text } from "drizzle-orm/pg-core";

/** The city's working-day calendar: public holidays and make-up working days (调休上班) it has loaded. */
export const calendarDays = pgTable("calendar_days", {
  date: date("date").primaryKey(),
  kind: text("kind", { enum: ["holiday", "workday"] }).notNull(),
  name: text("name"),
});
