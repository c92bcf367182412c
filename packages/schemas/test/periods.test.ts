import { describe, expect, it } from "vitest";
import {
  IsoDate,
  nextPeriod,
  periodBounds,
  periodContains,
  periodKind,
  periodsContaining,
  previousPeriod,
  ReportingPeriod,
  Timestamp,
} from "../src/index.js";

describe("ReportingPeriod", () => {
  it.each([
    ["2024-03", "month"],
    ["2024-Q1", "quarter"],
    ["2024-H2", "half-year"],
    ["2024", "year"],
  ])("%s is a %s", (p, kind) => {
    expect(ReportingPeriod.safeParse(p).success).toBe(true);
    expect(periodKind(p)).toBe(kind);
  });

  it.each(["2024-13", "2024-00", "2024-Q5", "2024-H3", "24", "2024-3", "2024Q1"])("rejects %s", (p) => {
    expect(ReportingPeriod.safeParse(p).success).toBe(false);
  });

  it.each([
    ["2024-02", "2024-02-01", "2024-03-01"],
    ["2024-12", "2024-12-01", "2025-01-01"],
    ["2024-Q1", "2024-01-01", "2024-04-01"],
    ["2024-Q4", "2024-10-01", "2025-01-01"],
    ["2024-H1", "2024-01-01", "2024-07-01"],
    ["2024-H2", "2024-07-01", "2025-01-01"],
    ["2024", "2024-01-01", "2025-01-01"],
  ])("%s spans [%s, %s)", (p, start, endExclusive) => {
    expect(periodBounds(p)).toEqual({ start, endExclusive });
  });

  it("finds the periods of a date, at the boundaries too", () => {
    expect(periodsContaining("2024-12-31")).toEqual({
      month: "2024-12",
      quarter: "2024-Q4",
      halfYear: "2024-H2",
      year: "2024",
    });
    expect(periodsContaining("2024-01-01")).toEqual({
      month: "2024-01",
      quarter: "2024-Q1",
      halfYear: "2024-H1",
      year: "2024",
    });
    expect(periodsContaining("2024-06-30").halfYear).toBe("2024-H1");
    expect(periodsContaining("2024-07-01").quarter).toBe("2024-Q3");
  });

  it("checks containment with an exclusive end", () => {
    expect(periodContains("2024-Q1", "2024-03-31")).toBe(true);
    expect(periodContains("2024-Q1", "2024-04-01")).toBe(false);
    expect(periodContains("2024-02", "2024-02-29T23:59:59+08:00")).toBe(true);
  });

  it.each([
    ["2024-01", "2023-12", "2024-02"],
    ["2024-Q1", "2023-Q4", "2024-Q2"],
    ["2024-H1", "2023-H2", "2024-H2"],
    ["2024", "2023", "2025"],
    ["2024-12", "2024-11", "2025-01"],
  ])("around %s: previous %s, next %s", (p, prev, next) => {
    expect(previousPeriod(p)).toBe(prev);
    expect(nextPeriod(p)).toBe(next);
  });
});

describe("dates", () => {
  it.each(["2024-02-29", "2023-12-31", "2000-02-29"])("IsoDate accepts %s", (d) => {
    expect(IsoDate.safeParse(d).success).toBe(true);
  });
  it.each(["2023-02-29", "1900-02-29", "2024-04-31", "2024-4-1", "20240401", "2024-03-15T00:00:00Z"])(
    "IsoDate rejects %s",
    (d) => expect(IsoDate.safeParse(d).success).toBe(false),
  );

  it("Timestamp needs an offset", () => {
    expect(Timestamp.safeParse("2024-03-15T09:30:00+08:00").success).toBe(true);
    expect(Timestamp.safeParse("2024-03-15T01:30:00Z").success).toBe(true);
    expect(Timestamp.safeParse("2024-03-15T09:30:00").success).toBe(false);
  });
});
