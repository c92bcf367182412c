import { zeroEmploymentConditionsHold } from "@pes/schemas";
import { describe, expect, it } from "vitest";
import {
  checkZeroEmploymentFamily,
  clearOnEmployment,
  identifyZeroEmploymentFamily,
  type ZeroEmploymentHousehold,
  type ZeroEmploymentMember,
} from "../../src/domain/index.js";

const member = (key: string, over: Partial<ZeroEmploymentMember> = {}): ZeroEmploymentMember => ({
  person: { key },
  workingAge: true,
  unemployed: true,
  ableAndWilling: true,
  fixedIncome: false,
  ...over,
});

const family = (over: Partial<ZeroEmploymentHousehold> = {}): ZeroEmploymentHousehold => ({
  members: [
    member("head"),
    member("spouse"),
    member("child", { workingAge: false, unemployed: false, ableAndWilling: false }),
  ],
  urbanResident: true,
  ...over,
});

const codesOf = (f: ZeroEmploymentHousehold) => {
  const check = checkZeroEmploymentFamily(f);
  // The per-condition reasons agree with the contract's yes/no answer.
  expect(check.ok).toBe(
    zeroEmploymentConditionsHold(f as Parameters<typeof zeroEmploymentConditionsHold>[0]),
  );
  return check.ok ? [] : check.reasons.map((r) => [r.code, r.field]);
};

describe("zero-employment family conditions", () => {
  it("holds when all four conditions hold; a child not of working age does not count", () => {
    expect(codesOf(family())).toEqual([]);
  });

  it("(1) fails when a working-age member is in work", () => {
    const f = family();
    f.members[1] = member("spouse", { unemployed: false });
    expect(codesOf(f)).toEqual([["member-employed", "members.1.unemployed"]]);
  });

  it("(2) fails when a working-age member is not able or not willing to work", () => {
    const f = family();
    f.members[0] = member("head", { ableAndWilling: false });
    expect(codesOf(f)).toEqual([["member-not-able-or-willing", "members.0.ableAndWilling"]]);
  });

  it("(3) fails when any member, even one past working age, has a fixed income", () => {
    const f = family();
    f.members.push(member("grandparent", { workingAge: false, fixedIncome: true }));
    expect(codesOf(f)).toEqual([["member-fixed-income", "members.3.fixedIncome"]]);
  });

  it("(4) fails when the family is not an urban resident family", () => {
    expect(codesOf(family({ urbanResident: false }))).toEqual([["not-urban-resident", "urbanResident"]]);
  });

  it("needs at least one member of working age", () => {
    const f = family({ members: [member("elder", { workingAge: false })] });
    expect(codesOf(f)).toEqual([["no-working-age-member", "members"]]);
  });

  it("reports every failed condition together", () => {
    const f = family({ urbanResident: false });
    f.members[0] = member("head", { unemployed: false, fixedIncome: true });
    expect(codesOf(f).map(([code]) => code)).toEqual([
      "member-employed",
      "member-fixed-income",
      "not-urban-resident",
    ]);
  });
});

describe("identification and clearing (动态清零)", () => {
  it("identifies, or refuses with every reason", () => {
    expect(identifyZeroEmploymentFamily(family(), "2025-03-01")).toMatchObject({
      state: "identified",
      identifiedOn: "2025-03-01",
    });
    expect(() => identifyZeroEmploymentFamily(family({ urbanResident: false }), "2025-03-01")).toThrow(
      expect.objectContaining({ code: "not-zero-employment-family", field: "urbanResident" }),
    );
  });

  it("clears when a member finds work, once", () => {
    const identified = identifyZeroEmploymentFamily(family(), "2025-03-01");
    const cleared = clearOnEmployment(identified, "spouse", "2025-05-10");
    expect(cleared).toMatchObject({ state: "cleared", clearedOn: "2025-05-10", clearedBy: "spouse" });
    expect(cleared.members[1]?.unemployed).toBe(false);
    expect(identified.members[1]?.unemployed).toBe(true);
    expect(() => clearOnEmployment(cleared, "head", "2025-06-01")).toThrow(
      expect.objectContaining({ code: "already-cleared", kind: "conflict" }),
    );
  });

  it("refuses a non-member or a date before identification", () => {
    const identified = identifyZeroEmploymentFamily(family(), "2025-03-01");
    expect(() => clearOnEmployment(identified, "neighbour", "2025-05-10")).toThrow(
      expect.objectContaining({ code: "not-a-member", field: "clearedBy" }),
    );
    expect(() => clearOnEmployment(identified, "head", "2025-02-28")).toThrow(
      expect.objectContaining({ code: "date-out-of-order", field: "clearedOn" }),
    );
  });
});
