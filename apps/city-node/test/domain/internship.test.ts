import { describe, expect, it } from "vitest";
import { internshipBasis, internshipViolation, lastInternshipDayOfGraduate } from "../../src/domain/index.js";

const youth = (birthDate: string, registeredUnemployed = true) => ({
  birthDate,
  graduatedOn: [],
  registeredUnemployed,
});

describe("youth internship eligibility (就业见习)", () => {
  it("registered unemployed youth: from the 16th birthday to the day before the 25th", () => {
    expect(internshipBasis(youth("2009-11-04"), "2025-11-03")).toBeUndefined();
    expect(internshipBasis(youth("2009-11-04"), "2025-11-04")).toBe("registered-unemployed-youth");
    expect(internshipBasis(youth("2000-11-20"), "2025-11-19")).toBe("registered-unemployed-youth");
    expect(internshipBasis(youth("2000-11-20"), "2025-11-20")).toBeUndefined();
    expect(internshipBasis(youth("2003-01-01", false), "2025-11-20")).toBeUndefined();
  });

  it("graduates: from leaving school to the 2nd anniversary; 29 February ends on 28 February", () => {
    const facts = { birthDate: "1990-01-01", graduatedOn: ["2023-06-30"], registeredUnemployed: false };
    expect(lastInternshipDayOfGraduate("2023-06-30")).toBe("2025-06-30");
    expect(internshipBasis(facts, "2023-06-29")).toBeUndefined();
    expect(internshipBasis(facts, "2023-06-30")).toBe("recent-graduate");
    expect(internshipBasis(facts, "2025-06-29")).toBe("recent-graduate");
    expect(internshipBasis(facts, "2025-06-30")).toBe("recent-graduate");
    expect(internshipBasis(facts, "2025-07-01")).toBeUndefined();
    expect(lastInternshipDayOfGraduate("2024-02-29")).toBe("2026-02-28");
  });

  it("says why at the field given", () => {
    const facts = { birthDate: "1990-01-01", graduatedOn: ["2020-06-30"], registeredUnemployed: true };
    const v = internshipViolation(facts, "2025-07-01", "serviceType");
    expect(v).toMatchObject({ code: "not-eligible-for-internship", field: "serviceType" });
    expect(v!.message).toContain("left school on 2020-06-30");
    expect(v!.message).toContain("35 years old");
  });
});
