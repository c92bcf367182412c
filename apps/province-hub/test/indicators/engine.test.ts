import { describe, expect, it } from "vitest";
import {
  BUILT_IN_TARGET_LABEL,
  BUILT_IN_TARGETS,
  CATALOGUE,
  GIG_MARKETS_COMPONENT,
} from "../../src/domain/indicators/catalogue.js";
import {
  computeRow,
  computeTable,
  type Declaration,
  figuresOf,
  gigMarketFigure,
  type Scope,
  type StoredContribution,
} from "../../src/domain/indicators/compute.js";
import { declarationOf, deriveContributions } from "../../src/domain/indicators/derive.js";
import { EVENTS, EXPECTED_XIAMEN_Q1, type FixtureEvent, MARKETS } from "./fixture.js";

/** What the hub keeps after the events: the newest revision of each record (older or equal ones change nothing). */
function newest(events: readonly FixtureEvent[]): FixtureEvent[] {
  const byId = new Map<string, FixtureEvent>();
  for (const e of events) {
    const seen = byId.get(e.recordId);
    if (!seen || seen.revision < e.revision) byId.set(e.recordId, e);
  }
  return [...byId.values()];
}

function state(events: readonly FixtureEvent[]) {
  const records = newest(events);
  const derived = deriveContributions(records.filter((r) => r.type !== "declared-indicator-value"));
  const rows: StoredContribution[] = records.flatMap((r) =>
    (derived.get(r.recordId) ?? []).map((c) => ({
      ...c,
      recordId: r.recordId,
      source: r.source,
      eventTime: r.time.toISOString(),
    })),
  );
  const declarations: Declaration[] = records
    .filter((r) => r.type === "declared-indicator-value")
    .map((r) => declarationOf(r));
  return { rows, declarations };
}

const targets = { label: BUILT_IN_TARGET_LABEL, targets: BUILT_IN_TARGETS };
const xiamen: Scope = { level: "city", cityCode: "350200" };

function table(events: readonly FixtureEvent[], scope: Scope, period: string) {
  const { rows, declarations } = state(events);
  const figures = {
    ...figuresOf(rows, scope, period),
    [GIG_MARKETS_COMPONENT]: gigMarketFigure(MARKETS, scope),
  };
  return computeTable({ figures, declarations, targets, scope, period });
}

describe("the catalogue", () => {
  it("holds the 27 indicators of the Xiamen table with its 2023 targets", () => {
    expect(CATALOGUE).toHaveLength(27);
    expect(new Set(CATALOGUE.map((d) => d.code)).size).toBe(27);
    expect(BUILT_IN_TARGETS.new_employment).toBe(16);
    expect(BUILT_IN_TARGETS.registered_unemployed).toBe(9);
    expect(CATALOGUE.find((d) => d.code === "mass_incidents")?.comparator).toBe("<=");
  });
});

describe("the indicator engine on the fixture", () => {
  const rows = table(EVENTS, xiamen, "2025-Q1");

  for (const [code, expected] of Object.entries(EXPECTED_XIAMEN_Q1)) {
    it(`${code}: Xiamen 2025-Q1`, () => {
      const row = rows.find((r) => r.code === code)!;
      expect({ actual: row.actual, attainment: row.attainment }).toEqual({
        actual: expected.actual,
        attainment: expected.attainment,
      });
      if (expected.reason) expect(row.reason).toMatch(expected.reason);
    });
  }

  it("covers every indicator of the catalogue", () => {
    expect(Object.keys(EXPECTED_XIAMEN_Q1).sort()).toEqual(CATALOGUE.map((d) => d.code).sort());
  });

  it("gives the same table whatever the arrival order and however often events repeat", () => {
    const shuffled = [...EVENTS].reverse();
    const doubled = [...EVENTS, ...EVENTS];
    expect(table(shuffled, xiamen, "2025-Q1")).toEqual(rows);
    expect(table(doubled, xiamen, "2025-Q1")).toEqual(rows);
  });

  it("counts a stock at the end of each period and flows within it", () => {
    const jan = table(EVENTS, xiamen, "2025-01");
    expect(jan.find((r) => r.code === "registered_unemployed")?.actual).toBe(0.0003); // P1, P3, P5 open on 31 Jan
    const q2 = table(EVENTS, xiamen, "2025-Q2");
    expect(q2.find((r) => r.code === "one_stop_policy_visits")?.actual).toBe(0.0001); // 1 Apr in China
    expect(q2.find((r) => r.code === "rural_labor_service_visits")?.actual).toBe(0.0001);
    expect(q2.find((r) => r.code === "certificate_rate")?.actual).toBe(0); // t-3, no certificate
  });

  it("computes per district and for the province, counting a person once across cities", () => {
    const siming = table(EVENTS, { level: "city", cityCode: "350200", districtCode: "350203" }, "2025-Q1");
    const huli = table(EVENTS, { level: "city", cityCode: "350200", districtCode: "350206" }, "2025-Q1");
    const province = table(EVENTS, { level: "province" }, "2025-Q1");
    const fuzhou = table(EVENTS, { level: "city", cityCode: "350100" }, "2025-Q1");
    const ne = (t: typeof rows) => t.find((r) => r.code === "new_employment")?.numerator;
    expect([ne(siming), ne(huli), ne(fuzhou), ne(province)]).toEqual([1, 2, 2, 4]);
    expect(province.find((r) => r.code === "labor_brands")?.actual).toBe(4);
    expect(province.find((r) => r.code === "skilled_worker_share")?.reason).toMatch(/does not add up/);
  });

  it("says where each number came from", () => {
    const row = rows.find((r) => r.code === "pes_satisfaction")!;
    expect(row.provenance).toMatchObject({ records: 4, nodes: ["/city/350200"] });
    expect(row.provenance.asOf).toMatch(/^2025-04-05T/);
    const brands = rows.find((r) => r.code === "labor_brands")!;
    expect(brands.provenance.declarations).toEqual([
      expect.objectContaining({ value: 4, declaredBy: "staff-b", declaredAt: "2025-03-01T02:00:00.000Z" }),
    ]);
    expect(row.targetSource).toBe(BUILT_IN_TARGET_LABEL);
  });

  it("is met in a short period once the full year's target is reached, and not measurable without a target", () => {
    const def = CATALOGUE.find((d) => d.code === "new_employment")!;
    const figures = {
      "employment.new": { value: 170_000, records: 170_000, sources: ["/city/350200"], asOf: null },
    };
    const base = { figures, declarations: [], scope: xiamen, period: "2025-Q1" };
    expect(computeRow(def, { ...base, targets }).attainment).toBe("met");
    expect(computeRow(def, { ...base, targets: null })).toMatchObject({
      attainment: "not-measurable",
      reason: "no target for this area and year",
      actual: 17,
    });
  });
});
