import {
  date,
  integer,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * New unemployment registrations per area (city and district), slice and month, kept as records arrive.
 * A slice is the whole area (dimension `area`, category ''), one key group (`group`, e.g.
 * college-graduate) or the industry of the last job (`industry`, its GB/T 4754 section letter).
 */
export const unemploymentInflow = pgTable(
  "hub_unemployment_inflow",
  {
    areaCode: text("area_code").notNull(),
    dimension: text("dimension").notNull().default("area"),
    category: text("category").notNull().default(""),
    month: text("month").notNull(),
    registrations: integer("registrations").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.areaCode, t.dimension, t.category, t.month] })],
);

/** 失业风险预警: an area's slice whose new registrations in a month rose above its recent average by the threshold. */
export const riskWarnings = pgTable(
  "hub_risk_warnings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    areaCode: text("area_code").notNull(),
    dimension: text("dimension").notNull().default("area"),
    category: text("category").notNull().default(""),
    month: text("month").notNull(),
    registrations: integer("registrations").notNull(),
    baseline: real("baseline").notNull(),
    rise: real("rise").notNull(),
    threshold: real("threshold").notNull(),
    raisedAt: timestamp("raised_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("hub_risk_warnings_once").on(t.areaCode, t.dimension, t.category, t.month)],
);

/**
 * 规模性裁员预警: an enterprise's layoff report above the rule (Labour Contract Law art. 41), raised as
 * the report arrives; its newest revision decides, and a revision below the rule withdraws it.
 */
export const layoffWarnings = pgTable("hub_layoff_warnings", {
  recordId: text("record_id").primaryKey(),
  revision: integer("revision").notNull(),
  cityCode: text("city_code").notNull(),
  districtCode: text("district_code"),
  enterpriseName: text("enterprise_name").notNull(),
  creditCode: text("credit_code").notNull(),
  industry: text("industry").notNull(),
  kind: text("kind").notNull(),
  persons: integer("persons").notNull(),
  workforce: integer("workforce"),
  reportedOn: date("reported_on").notNull(),
  effectiveOn: date("effective_on").notNull(),
  raisedAt: timestamp("raised_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
