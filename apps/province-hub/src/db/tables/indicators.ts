import { sql } from "drizzle-orm";
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

/** The columns of a contribution, in the current table and in its history. */
function contributionColumns() {
  return {
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
  };
}

/**
 * The indicator engine's incremental state: what each stored record adds to each component, by
 * area, month and subject. A record's rows are replaced whole when it (or its person's timeline)
 * changes; the indicator table aggregates these rows, never the raw records.
 */
export const indicatorContributions = pgTable("hub_indicator_contributions", contributionColumns(), (t) => [
  uniqueIndex("hub_indicator_contributions_once").on(t.recordId, t.component, t.month, t.subject),
  index("hub_indicator_contributions_area").on(t.component, t.cityCode, t.month),
]);

/**
 * Every contribution the hub has held, with when it held it (issue 19 #5): from the transaction
 * that wrote it (`heldFrom`) to the one that replaced it (`heldUntil`, null while it stands). The
 * indicator table as of an instant is computed from the rows held then: only what the hub had
 * received by that instant, as it stood then.
 */
export const indicatorContributionHistory = pgTable(
  "hub_indicator_contribution_history",
  {
    ...contributionColumns(),
    heldFrom: timestamp("held_from", { withTimezone: true }).notNull(),
    heldUntil: timestamp("held_until", { withTimezone: true }),
  },
  (t) => [
    index("hub_indicator_contribution_history_area").on(t.cityCode, t.month),
    index("hub_indicator_contribution_history_open")
      .on(t.recordId, t.component, t.month, t.subject)
      .where(sql`held_until is null`),
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

/**
 * The indicator table's answer, kept up to date as contributions change: per component, area (a
 * district, a city, or 350000 for the province) and period (month, quarter, half-year, year), how
 * many distinct subjects count (source ""), and per source how many records and as of when. A
 * stock is kept per month and summed up to a period's end.
 */
export const indicatorTotals = pgTable(
  "hub_indicator_totals",
  {
    component: text("component").notNull(),
    areaCode: text("area_code").notNull(),
    period: text("period").notNull(),
    /** A CloudEvents source, or "" for the row holding the distinct-subject count. */
    source: text("source").notNull(),
    value: doublePrecision("value").notNull().default(0),
    records: integer("records").notNull().default(0),
    asOf: timestamp("as_of", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.areaCode, t.period, t.component, t.source] })],
);

/**
 * How many contributions count each subject in a component and area, per month of a year: a subject
 * adds to a period's distinct count when its first contribution in the period arrives, and leaves it
 * when its last one there goes.
 */
export const indicatorSubjects = pgTable(
  "hub_indicator_subjects",
  {
    component: text("component").notNull(),
    areaCode: text("area_code").notNull(),
    year: text("year").notNull(),
    subject: text("subject").notNull(),
    /** Contributions per month, January first. */
    refs: integer("refs").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.areaCode, t.year, t.component, t.subject] })],
);
