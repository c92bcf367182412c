import { integer, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** New unemployment registrations per area (city and district) and month, kept as records arrive. */
export const unemploymentInflow = pgTable(
  "hub_unemployment_inflow",
  {
    areaCode: text("area_code").notNull(),
    month: text("month").notNull(),
    registrations: integer("registrations").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.areaCode, t.month] })],
);

/** 失业风险预警: an area whose new registrations in a month rose above its recent average by the threshold. */
export const riskWarnings = pgTable(
  "hub_risk_warnings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    areaCode: text("area_code").notNull(),
    month: text("month").notNull(),
    registrations: integer("registrations").notNull(),
    baseline: real("baseline").notNull(),
    rise: real("rise").notNull(),
    threshold: real("threshold").notNull(),
    raisedAt: timestamp("raised_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("hub_risk_warnings_once").on(t.areaCode, t.month)],
);
