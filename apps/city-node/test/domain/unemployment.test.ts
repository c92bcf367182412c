import { describe, expect, it } from "vitest";
import {
  applyForUnemploymentRegistration,
  assertNoOpenRegistration,
  checkUnemploymentEligibility,
  closeOnEmployment,
  DomainRuleError,
  transition,
  type UnemploymentApplicant,
  type UnemploymentLifecycle,
} from "../../src/domain/index.js";

const applicant = (over: Partial<UnemploymentApplicant> = {}): UnemploymentApplicant => ({
  birthDate: "1990-03-07",
  sex: "male",
  ableToWork: true,
  wantsWork: true,
  currentlyEmployed: false,
  placeBasis: "residence",
  ...over,
});

const reasonsOf = (a: UnemploymentApplicant, on: string) => {
  const result = checkUnemploymentEligibility(a, on);
  return result.ok ? [] : result.reasons.map((r) => [r.code, r.field]);
};

describe("checkUnemploymentEligibility", () => {
  it("accepts an unemployed adult who is able and willing, at any of the four places", () => {
    for (const placeBasis of ["residence", "household", "social-insurance", "employment"]) {
      expect(checkUnemploymentEligibility(applicant({ placeBasis }), "2025-03-03")).toEqual({ ok: true });
    }
  });

  it("stops the day the statutory retirement age is reached (man born 1965-03-10: 60y1m)", () => {
    const a = applicant({ birthDate: "1965-03-10" });
    expect(reasonsOf(a, "2025-04-09")).toEqual([]);
    expect(reasonsOf(a, "2025-04-10")).toEqual([["reached-retirement-age", "person.birthDate"]]);
    expect(reasonsOf(applicant({ birthDate: "1964-12-20" }), "2024-12-20")).toEqual([
      ["reached-retirement-age", "person.birthDate"],
    ]);
  });

  it("uses the women workers' and cadres' schedules", () => {
    const w = applicant({ birthDate: "1975-03-10", sex: "female", femaleCategory: "worker" }); // 50y2m
    expect(reasonsOf(w, "2025-05-09")).toEqual([]);
    expect(reasonsOf(w, "2025-05-10")).toHaveLength(1);
    const c = applicant({ birthDate: "1970-01-20", sex: "female", femaleCategory: "cadre" }); // 55y1m
    expect(reasonsOf(c, "2025-02-19")).toEqual([]);
    expect(reasonsOf(c, "2025-02-20")).toHaveLength(1);
  });

  it("starts on the 16th birthday", () => {
    const a = applicant({ birthDate: "2009-06-15" });
    expect(reasonsOf(a, "2025-06-14")).toEqual([["under-working-age", "person.birthDate"]]);
    expect(reasonsOf(a, "2025-06-15")).toEqual([]);
  });

  it("lists every failing condition at once (一次性告知)", () => {
    const a = applicant({
      ableToWork: false,
      wantsWork: false,
      currentlyEmployed: true,
      placeBasis: "holiday",
    });
    expect(reasonsOf(a, "2025-03-03")).toEqual([
      ["not-able-to-work", "ableToWork"],
      ["not-wanting-work", "wantsWork"],
      ["currently-employed", "currentlyEmployed"],
      ["invalid-place-basis", "placeBasis"],
    ]);
    const result = checkUnemploymentEligibility(a, "2025-03-03");
    expect(!result.ok && result.reasons[0]?.message).toMatch(/有劳动能力/);
  });
});

describe("unemployment registration states", () => {
  const applied: UnemploymentLifecycle = { state: "applied", appliedOn: "2025-03-03", dueBy: "2025-03-17" };
  const registered = transition(applied, { type: "register", on: "2025-03-05" });

  it("goes applied → registered → closed", () => {
    expect(registered).toEqual({ ...applied, state: "registered", registeredOn: "2025-03-05" });
    const closed = transition(registered, { type: "close", on: "2025-06-01", reason: "moved-away" });
    expect(closed).toMatchObject({ state: "closed", closedOn: "2025-06-01", closeReason: "moved-away" });
    expect(applied.state).toBe("applied"); // not mutated
  });

  it("closes an application when withdrawn or overtaken (employed, registered elsewhere), for no other reason", () => {
    expect(transition(applied, { type: "withdraw", on: "2025-03-04" })).toMatchObject({
      state: "closed",
      closeReason: "withdrawn",
    });
    expect(closeOnEmployment(applied, "2025-03-04")).toMatchObject({
      state: "closed",
      closeReason: "employed",
    });
    expect(
      transition(applied, { type: "close", on: "2025-03-04", reason: "registered-elsewhere" }),
    ).toMatchObject({
      closeReason: "registered-elsewhere",
    });
    expect(() => transition(applied, { type: "close", on: "2025-03-04", reason: "moved-away" })).toThrow(
      expect.objectContaining({ code: "illegal-transition", kind: "conflict", field: "state" }),
    );
  });

  it("refuses illegal moves", () => {
    const closed = transition(registered, { type: "withdraw", on: "2025-04-01" });
    expect(() => transition(registered, { type: "register", on: "2025-03-06" })).toThrow(DomainRuleError);
    expect(() => transition(closed, { type: "register", on: "2025-04-02" })).toThrow(/closed/);
    expect(() => transition(closed, { type: "withdraw", on: "2025-04-02" })).toThrow(
      expect.objectContaining({ code: "illegal-transition" }),
    );
  });

  it("refuses dates before the previous step", () => {
    expect(() => transition(applied, { type: "register", on: "2025-03-02" })).toThrow(
      expect.objectContaining({ code: "date-out-of-order", field: "registeredOn" }),
    );
    expect(() => closeOnEmployment(registered, "2025-03-04")).toThrow(
      expect.objectContaining({ code: "date-out-of-order", field: "closedOn" }),
    );
  });

  it("closes on employment", () => {
    expect(closeOnEmployment(registered, "2025-05-20")).toMatchObject({
      state: "closed",
      closedOn: "2025-05-20",
      closeReason: "employed",
    });
  });
});

describe("one open registration per person in the province", () => {
  it("refuses a second open registration", () => {
    const existing = [
      { id: "a", state: "closed" as const, cityCode: "350100" },
      { id: "b", state: "registered" as const, cityCode: "350500", appliedOn: "2025-01-06" },
    ];
    expect(() => assertNoOpenRegistration(existing)).toThrow(
      expect.objectContaining({ code: "registration-already-open", kind: "conflict" }),
    );
    expect(() => assertNoOpenRegistration(existing)).toThrow(/350500/);
    expect(() => assertNoOpenRegistration([{ state: "applied" }])).toThrow(DomainRuleError);
    expect(() => assertNoOpenRegistration([{ state: "closed" }])).not.toThrow();
    expect(() => assertNoOpenRegistration([])).not.toThrow();
  });

  it("opens an application with its 10-working-day deadline, or says why not", () => {
    expect(applyForUnemploymentRegistration(applicant(), [], "2025-09-30")).toEqual({
      state: "applied",
      appliedOn: "2025-09-30",
      dueBy: "2025-10-21",
    });
    expect(() =>
      applyForUnemploymentRegistration(applicant(), [{ state: "registered" }], "2025-09-30"),
    ).toThrow(expect.objectContaining({ code: "registration-already-open" }));
    try {
      applyForUnemploymentRegistration(
        applicant({ wantsWork: false, currentlyEmployed: true }),
        [],
        "2025-09-30",
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainRuleError);
      const e = error as DomainRuleError;
      expect(e).toMatchObject({ code: "not-eligible", kind: "invalid", field: "wantsWork" });
      expect(e.fieldErrors.map((f) => f.path)).toEqual(["wantsWork", "currentlyEmployed"]);
    }
  });
});
