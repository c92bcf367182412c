import { describe, expect, it } from "vitest";
import {
  addYearsMonths,
  isOfWorkingAge,
  type PersonForRetirement,
  retirementAge,
  retirementDate,
} from "../../src/domain/index.js";

const man = (birthDate: string): PersonForRetirement => ({ birthDate, sex: "male" });
const worker = (birthDate: string): PersonForRetirement => ({
  birthDate,
  sex: "female",
  femaleCategory: "worker",
});
const cadre = (birthDate: string): PersonForRetirement => ({
  birthDate,
  sex: "female",
  femaleCategory: "cadre",
});

describe("retirementAge under the 2025 schedule", () => {
  it.each([
    ["1964-12-31", 60, 0],
    ["1965-01-01", 60, 1],
    ["1965-04-30", 60, 1],
    ["1965-05-01", 60, 2],
    ["1966-01-15", 60, 4],
    ["1968-12-15", 61, 0],
    ["1976-08-31", 62, 11],
    ["1976-09-01", 63, 0],
    ["1990-06-15", 63, 0],
  ])("man born %s retires at %iy%im", (birth, years, months) => {
    expect(retirementAge(man(birth))).toEqual({ years, months });
  });

  it.each([
    ["1974-12-31", 50, 0],
    ["1975-01-01", 50, 1],
    ["1975-02-28", 50, 1],
    ["1975-03-01", 50, 2],
    ["1984-10-31", 54, 11],
    ["1984-11-01", 55, 0],
    ["2000-01-01", 55, 0],
  ])("woman worker (原50岁) born %s retires at %iy%im", (birth, years, months) => {
    expect(retirementAge(worker(birth))).toEqual({ years, months });
  });

  it.each([
    ["1969-12-31", 55, 0],
    ["1970-01-01", 55, 1],
    ["1970-05-01", 55, 2],
    ["1981-08-31", 57, 11],
    ["1981-09-01", 58, 0],
  ])("woman cadre (原55岁) born %s retires at %iy%im", (birth, years, months) => {
    expect(retirementAge(cadre(birth))).toEqual({ years, months });
  });

  it("treats a woman of unknown category as a worker (原50岁)", () => {
    expect(retirementAge({ birthDate: "1975-03-10", sex: "female" })).toEqual({ years: 50, months: 2 });
  });

  it("refuses a birth date that is not in the calendar", () => {
    expect(() => retirementAge(man("1965-02-30"))).toThrow(expect.objectContaining({ code: "invalid-date" }));
  });
});

describe("retirementDate", () => {
  it("adds the age to the birth date", () => {
    expect(retirementDate(man("1964-12-15"))).toBe("2024-12-15");
    expect(retirementDate(man("1965-03-10"))).toBe("2025-04-10");
    expect(retirementDate(worker("1975-03-10"))).toBe("2025-05-10");
    expect(retirementDate(man("1976-09-01"))).toBe("2039-09-01");
  });

  it("moves a day the target month lacks to its last day", () => {
    expect(retirementDate(man("1965-01-31"))).toBe("2025-02-28");
    expect(addYearsMonths("1968-01-31", 60, 1)).toBe("2028-02-29");
    expect(addYearsMonths("1964-02-29", 61, 0)).toBe("2025-02-28");
    expect(addYearsMonths("1970-05-31", 55, 1)).toBe("2025-06-30");
  });
});

describe("isOfWorkingAge", () => {
  const m = man("1965-03-10"); // retires 2025-04-10

  it("ends on the retirement date", () => {
    expect(isOfWorkingAge(m, "2025-04-09")).toBe(true);
    expect(isOfWorkingAge(m, "2025-04-10")).toBe(false);
  });

  it("starts on the 16th birthday", () => {
    const young = man("2009-06-15");
    expect(isOfWorkingAge(young, "2025-06-14")).toBe(false);
    expect(isOfWorkingAge(young, "2025-06-15")).toBe(true);
  });
});
