/**
 * Known answers for the findings of issue 12, on the pure engine (derive → figuresOf → computeRow):
 * each case is small enough to count by hand.
 */
import { describe, expect, it } from "vitest";
import { BUILT_IN_TARGET_LABEL, BUILT_IN_TARGETS, CATALOGUE } from "../../src/domain/indicators/catalogue.js";
import {
  computeTable,
  figuresOf,
  type Scope,
  type StoredContribution,
} from "../../src/domain/indicators/compute.js";
import { deriveContributions } from "../../src/domain/indicators/derive.js";
import type { IndicatorRecord } from "../../src/domain/indicators/facts.js";

const XM = "350200";
const xiamen: Scope = { level: "city", cityCode: XM };
let n = 0;
const rec = (
  type: string,
  personKey: string | null,
  data: Record<string, unknown>,
  id?: string,
): IndicatorRecord => ({
  type,
  recordId: id ?? `${type}-${++n}`,
  cityCode: XM,
  districtCode: "350206",
  personKey,
  data,
});
const unemployment = (p: string, registeredOn: string, closedOn?: string, extra = {}) =>
  rec("unemployment-registration", p, {
    state: closedOn ? "closed" : "registered",
    registeredOn,
    ...(closedOn ? { closedOn } : {}),
    ...extra,
  });
const employment = (p: string, startedOn: string, registeredOn = startedOn, extra = {}) =>
  rec("employment-registration", p, { startedOn, registeredOn, ...extra });
const service = (p: string, serviceType: string, servedAt: string, channel = "desk") =>
  rec("service-record", p, { serviceType, channel, servedAt });
const graduate = (p: string, startedOn: string, graduatedOn: string, endedOn?: string) =>
  rec("key-group-membership", p, {
    group: "college-graduate",
    startedOn,
    graduatedOn,
    ...(endedOn ? { endedOn } : {}),
  });

function rows(records: IndicatorRecord[], period: string, scope: Scope = xiamen) {
  const derived = deriveContributions(records);
  const stored: StoredContribution[] = records.flatMap((r) =>
    (derived.get(r.recordId) ?? []).map((c) => ({
      ...c,
      recordId: r.recordId,
      source: "/city/350200",
      eventTime: "2025-01-01T00:00:00.000Z",
    })),
  );
  const figures = figuresOf(stored, scope, period);
  return computeTable({
    figures,
    declarations: [],
    targets: { label: BUILT_IN_TARGET_LABEL, targets: BUILT_IN_TARGETS },
    scope,
    period,
  });
}
const row = (records: IndicatorRecord[], code: string, period: string, scope?: Scope) =>
  rows(records, period, scope).find((r) => r.code === code)!;

describe("1. a stock is what is open at each period's end", () => {
  it("counts a registration opened and closed in one month out of that month and never below", () => {
    const records = [
      unemployment("A", "2025-01-05", "2025-01-20"), // in and out in January
      unemployment("B", "2025-01-10"), // open
      unemployment("C", "2025-01-15", "2025-02-03"), // open at 31 Jan, closed in February
      unemployment("D", "2025-02-01", "2025-02-28"), // closed on the month's last day: not open at its end
    ];
    const at = (period: string) => row(records, "registered_unemployed", period).numerator;
    expect([at("2025-01"), at("2025-02"), at("2025-03"), at("2025-Q1"), at("2025")]).toEqual([2, 1, 1, 1, 1]);
  });

  it("is the same whatever the revisions: a closed revision replaces the open one", () => {
    const open = unemployment("E", "2025-03-02");
    const closed = { ...unemployment("E", "2025-03-02", "2025-03-09"), recordId: open.recordId };
    expect(row([open], "registered_unemployed", "2025-03").numerator).toBe(1);
    expect(row([closed], "registered_unemployed", "2025-03").numerator).toBe(0);
    expect(row([closed], "registered_unemployed", "2025-04").numerator).toBe(0);
  });
});

describe("2. new employment by the 就业登记's registration date", () => {
  const records = [
    employment("A", "2024-12-20", "2025-01-06"), // started in December, registered in January
    employment("B", "2025-01-10"),
    employment("B", "2025-01-20"), // the same person twice: once
    unemployment("C", "2024-10-01", "2024-12-15"),
    employment("C", "2024-12-15", "2025-02-01"), // re-employed: registered unemployed when the job started
  ];
  it("counts the persons registered in the period, not by the job's start", () => {
    expect(row(records, "new_employment", "2024-12").numerator).toBe(0);
    expect(row(records, "new_employment", "2025-01").numerator).toBe(2);
    expect(row(records, "new_employment", "2025-Q1").numerator).toBe(3);
  });
  it("counts re-employment by the registration too, the person read at the job's start", () => {
    expect(row(records, "reemployment_completion", "2025-02").numerator).toBe(1);
  });
});

describe("3. one-to-one contact rate at the period's end", () => {
  it("is over unemployed graduates and difficult unemployed youth on the list at the end, each once", () => {
    const records = [
      graduate("G1", "2024-08-01", "2024-07-01"), // on the ledger since 2024; contacted at the desk in 2024
      service("G1", "career-guidance", "2024-09-01T02:00:00Z"),
      graduate("G2", "2024-08-01", "2024-07-01"), // contacted online only: not a one-to-one contact
      service("G2", "career-guidance", "2025-02-01T02:00:00Z", "online"),
      graduate("G3", "2024-08-01", "2024-07-01"), // found work in February: leaves both
      service("G3", "assistance", "2024-09-01T02:00:00Z"),
      employment("G3", "2025-02-10"),
      graduate("G4", "2022-08-01", "2022-07-01"), // left school more than two years ago
      // Y1: registered unemployed youth (born 2005), recognised difficult, contacted by phone.
      {
        ...unemployment("Y1", "2025-01-05", undefined, { keyGroups: ["employment-difficulty"] }),
        data: {
          state: "registered",
          registeredOn: "2025-01-05",
          keyGroups: ["employment-difficulty"],
          person: { idNumber: "350203200503150012" },
        },
      },
      service("Y1", "job-recommendation", "2025-01-20T02:00:00Z", "phone"),
      // Y2: registered unemployed aged 30 and difficult: not youth.
      {
        ...unemployment("Y2", "2025-01-05"),
        data: {
          state: "registered",
          registeredOn: "2025-01-05",
          keyGroups: ["employment-difficulty"],
          person: { idNumber: "350203199501010011" },
        },
      },
    ];
    // At 31 Mar 2025: G1 (contacted), G2 (not), Y1 (contacted); G3 in work, G4 past two years, Y2 not youth.
    const q1 = row(records, "one_on_one_contact_rate", "2025-Q1");
    expect({ num: q1.numerator, den: q1.denominator, actual: q1.actual }).toEqual({
      num: 2,
      den: 3,
      actual: 66.67,
    });
    // A quarter with no new entries is still measured: the same persons at the end of Q2.
    const q2 = row(records, "one_on_one_contact_rate", "2025-Q2");
    expect({ num: q2.numerator, den: q2.denominator }).toEqual({ num: 2, den: 3 });
    // At 31 Jan G3 is still on the list (contacted in 2024).
    const jan = row(records, "one_on_one_contact_rate", "2025-01");
    expect({ num: jan.numerator, den: jan.denominator }).toEqual({ num: 3, den: 4 });
  });

  it("counts a person on two lists once", () => {
    const both = [
      graduate("Z", "2025-01-02", "2024-12-30"),
      {
        ...unemployment("Z", "2025-01-05"),
        data: {
          state: "registered",
          registeredOn: "2025-01-05",
          keyGroups: ["employment-difficulty"],
          person: { idNumber: "350203200501010011" },
        },
      },
    ];
    expect(row(both, "one_on_one_contact_rate", "2025-03")).toMatchObject({
      numerator: 0,
      denominator: 1,
      actual: 0,
    });
  });
});

describe("4. certificate rate per trainee", () => {
  it("counts a person who finished two courses once, certified if any gave a certificate", () => {
    const training = (p: string, completedOn: string, certificate?: unknown) =>
      rec("training-record", p, { stage: "completed", completedOn, ...(certificate ? { certificate } : {}) });
    const records = [
      training("A", "2025-02-01", { type: "skill-level" }),
      training("A", "2025-02-20"),
      training("B", "2025-02-03"),
      training("B", "2025-03-03"),
    ];
    expect(row(records, "certificate_rate", "2025-Q1")).toMatchObject({
      numerator: 1,
      denominator: 2,
      actual: 50,
    });
  });
});

describe("5. graduate employment over the year's cohort", () => {
  const records = [
    graduate("A", "2025-07-01", "2025-07-01"),
    employment("A", "2025-09-01"),
    graduate("B", "2025-06-30", "2025-06-30"),
    graduate("C", "2024-07-01", "2024-07-01"), // the 2024 cohort
    employment("C", "2025-01-10"),
  ];
  it("reads the cohort of the period's year in every period of it, employed by the period's end", () => {
    expect(row(records, "graduate_employment_rate", "2025-Q1")).toMatchObject({
      numerator: 0,
      denominator: 2,
    });
    expect(row(records, "graduate_employment_rate", "2025-Q3")).toMatchObject({
      numerator: 1,
      denominator: 2,
    });
    expect(row(records, "graduate_employment_rate", "2025")).toMatchObject({
      numerator: 1,
      denominator: 2,
      actual: 50,
    });
    expect(row(records, "graduate_employment_rate", "2024")).toMatchObject({ numerator: 0, denominator: 1 });
  });
});

describe("6. zero-employment families", () => {
  const family = (id: string, identifiedOn: string, clearedOn?: string) =>
    rec(
      "zero-employment-family",
      null,
      { state: clearedOn ? "cleared" : "identified", identifiedOn, ...(clearedOn ? { clearedOn } : {}) },
      id,
    );
  const records = [
    family("F1", "2024-11-01"), // never cleared: in every later period
    family("F2", "2024-12-01", "2025-02-10"), // waiting at the start of Q1, cleared in it
    family("F3", "2024-10-01", "2024-12-20"), // cleared before Q1
    family("F4", "2025-03-01"), // identified in Q1
  ];
  it("is over the families waiting when the period began plus those identified in it", () => {
    expect(row(records, "zero_employment_family_rate", "2025-Q1")).toMatchObject({
      numerator: 1,
      denominator: 3,
      actual: 33.33,
    });
    expect(row(records, "zero_employment_family_rate", "2025-Q2")).toMatchObject({
      numerator: 0,
      denominator: 2,
    });
    expect(row(records, "zero_employment_family_rate", "2026")).toMatchObject({
      numerator: 0,
      denominator: 2,
    });
  });
});

describe("7. a zero is a zero", () => {
  it("gives 0 for a count without contributions when the area reported, and no-records when it did not", () => {
    const records = [service("A", "career-guidance", "2025-02-01T02:00:00Z")];
    const feb = row(records, "new_employment", "2025-02");
    expect(feb).toMatchObject({ actual: 0, numerator: 0, reasonCode: null });
    expect(row(records, "certificate_rate", "2025-02")).toMatchObject({
      actual: null,
      reasonCode: "denominator-zero",
    });
    expect(row(records, "new_employment", "2025-05")).toMatchObject({
      actual: null,
      reasonCode: "no-records",
    });
    expect(row(records, "labor_input_bases", "2025-02")).toMatchObject({
      reasonCode: "no-declaration",
      reasonParams: { code: "labor_input_bases", period: "2025-02" },
    });
    expect(row(records, "skilled_worker_share", "2025-02", { level: "province" })).toMatchObject({
      reasonCode: "not-additive",
    });
  });
});

describe("8. 一网通办", () => {
  it("counts online policy handling, not consultations, and online job-seeking and recruiting uses", () => {
    const records = [
      service("A", "policy-handling", "2025-02-01T02:00:00Z", "online"),
      service("A", "policy-consultation", "2025-02-02T02:00:00Z", "online"),
      service("B", "policy-handling", "2025-02-03T02:00:00Z", "desk"),
      service("A", "job-application", "2025-02-04T02:00:00Z", "online"),
      rec("job-seeker-registration", "C", { registeredOn: "2025-02-05", channel: "online" }),
      rec("job-seeker-registration", "D", { registeredOn: "2025-02-05" }),
      rec("vacancy-registration", null, { registeredOn: "2025-02-06", channel: "online" }),
    ];
    expect(row(records, "one_stop_policy_visits", "2025-02").numerator).toBe(1);
    expect(row(records, "one_stop_jobs_visits", "2025-02").numerator).toBe(3);
  });
});

describe("9. difficult graduates are helped by a substantive service", () => {
  it("does not count a consultation or survey as help", () => {
    const difficult = (p: string) =>
      rec("key-group-membership", p, { group: "employment-difficulty", startedOn: "2025-03-01" });
    const records = [
      graduate("A", "2025-01-05", "2025-01-05"),
      difficult("A"),
      service("A", "policy-consultation", "2025-03-05T02:00:00Z"),
      graduate("B", "2025-01-05", "2025-01-05"),
      difficult("B"),
      service("B", "internship-placement", "2025-03-06T02:00:00Z"),
    ];
    expect(row(records, "difficult_graduate_rate", "2025-Q1")).toMatchObject({
      numerator: 1,
      denominator: 2,
    });
  });
});

describe("the catalogue", () => {
  it("says how each event indicator is measured, with a reason code on every unmeasured row", () => {
    for (const r of rows([], "2025-Q1")) if (r.actual === null) expect(r.reasonCode).not.toBeNull();
    expect(CATALOGUE.every((d) => d.howMeasured.length > 20)).toBe(true);
  });
});
