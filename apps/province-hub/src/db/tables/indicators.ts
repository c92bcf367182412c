import {
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/**
 * The indicator engine's incremental state: what each stored record adds to each component, by
 * area, month and subject. A record's rows are replaced whole when it (or its person's timeline)
 * changes; the indicator table aggregates these rows, never the raw records.
 */
export const indicatorContributions = pgTable(
  "hub_indicator_contributions",
  {
    recordId: text("record_id").notNull(),
    component: text("component").notNull(),
    cityCode: text("city_code").notNull(),
    districtCode: text("district_code"),
    /** YYYY-MM in China time. */
    month: text("month").notNull(),
    /** What is counted once: a person key, a record id, a gig market. */
    subject: text("subject").notNull(),
    value: doublePrecision("value").notNull(),
    /** The CloudEvents source of the record, and the record's event time: provenance. */
    source: text("source").notNull(),
    eventTime: timestamp("event_time", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("hub_indicator_contributions_once").on(t.recordId, t.component, t.month, t.subject),
    index("hub_indicator_contributions_area").on(t.component, t.cityCode, t.month),
  ],
);

/** 申报: indicator values a city declared, with who and when; the newest per code, area and period counts. */
export const indicatorDeclarations = pgTable(
  "hub_indicator_declarations",
  {
    recordId: text("record_id").primaryKey(),
    revision: integer("revision").notNull(),
    code: text("code").notNull(),
    cityCode: text("city_code").notNull(),
    districtCode: text("district_code"),
    period: text("period").notNull(),
    value: doublePrecision("value").notNull(),
    declaredBy: text("declared_by").notNull(),
    declaredAt: timestamp("declared_at", { withTimezone: true }).notNull(),
    source: text("source").notNull(),
  },
  (t) => [index("hub_indicator_declarations_area").on(t.cityCode, t.code, t.period)],
);

/** Target tables an operator loaded, per area (city, district, or 350000 for the province) and year. */
export const indicatorTargets = pgTable(
  "hub_indicator_targets",
  {
    areaCode: text("area_code").notNull(),
    year: integer("year").notNull(),
    code: text("code").notNull(),
    target: doublePrecision("target").notNull(),
    loadedBy: text("loaded_by").notNull(),
    loadedAt: timestamp("loaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.areaCode, t.year, t.code] })],
);
