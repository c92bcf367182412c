import { seededRandom } from "@pes/schemas/testing";
import { describe, expect, it } from "vitest";
import {
  birthDateOfResidentId,
  makeResidentId,
  maskResidentId,
  ResidentId,
  residentIdCheckChar,
  residentIdProblem,
  sexOfResidentId,
} from "../src/index.js";

// 11010519491231002X is the example printed in GB 11643 itself.
const STANDARD_EXAMPLE = "11010519491231002X";
const VALID = makeResidentId("350203", "1990-03-07", 123);

describe("ResidentId", () => {
  it.each([
    STANDARD_EXAMPLE,
    VALID,
    makeResidentId("350583", "2000-02-29", 1),
    makeResidentId("810000", "1985-07-01", 42),
    makeResidentId("830000", "1970-01-01", 7),
  ])("accepts %s", (id) => {
    expect(ResidentId.parse(id)).toBe(id);
  });

  it("normalises a lowercase x and surrounding spaces", () => {
    expect(ResidentId.parse(" 11010519491231002x ")).toBe(STANDARD_EXAMPLE);
  });

  const future = makeResidentId("350203", `${new Date().getFullYear() + 1}-01-01`, 1);
  it.each([
    ["wrong check character", `${VALID.slice(0, 17)}${VALID[17] === "0" ? "1" : "0"}`, /does not match/],
    [
      "birth date 19990230",
      `${"350203199902301"}23${residentIdCheckChar("35020319990230123")}`,
      /not a real date/,
    ],
    ["birth month 13", `35020319901307123${residentIdCheckChar("35020319901307123")}`, /not a real date/],
    ["future birth date", future, /future/],
    ["birth year before 1900", `35020318991231123${residentIdCheckChar("35020318991231123")}`, /before 1900/],
    [
      "region prefix 99",
      `99020319900307123${residentIdCheckChar("99020319900307123")}`,
      /not a province code/,
    ],
    [
      "region prefix 91",
      `91020319900307123${residentIdCheckChar("91020319900307123")}`,
      /not a province code/,
    ],
    ["17 characters", VALID.slice(0, 17), /18 characters.*has 17/],
    ["19 characters", `${VALID}1`, /has 19/],
    ["a letter inside", `3502031990030A123${VALID[17]}`, /17 digits/],
    ["15-digit old format", "350203900307123", /has 15/],
  ])("rejects %s", (_, id, message) => {
    const result = ResidentId.safeParse(id);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });

  it("reports no problem for a valid number", () => {
    expect(residentIdProblem(VALID)).toBeUndefined();
  });
});

describe("resident ID helpers", () => {
  it("reads birth date and sex", () => {
    expect(birthDateOfResidentId(STANDARD_EXAMPLE)).toBe("1949-12-31");
    expect(sexOfResidentId(STANDARD_EXAMPLE)).toBe("female");
    expect(sexOfResidentId(makeResidentId("350203", "1990-03-07", 123))).toBe("male");
  });

  it("makes numbers whose check character verifies", () => {
    for (let seq = 0; seq < 200; seq++) {
      expect(residentIdProblem(makeResidentId("350206", "1988-11-30", seq))).toBeUndefined();
    }
    expect(() => makeResidentId("3502", "1990-03-07", 1)).toThrow();
    expect(() => makeResidentId("350203", "1990-02-30", 1)).toThrow();
    expect(() => makeResidentId("350203", "1990-03-07", 1000)).toThrow();
  });

  it("masks all but the first and last four characters", () => {
    expect(maskResidentId("35020319900307123X")).toBe("3502**********123X");
  });
});

/**
 * An oracle written from GB 11643-1999, sharing no code with src/values/resident-id.ts: ISO 7064
 * MOD 11-2, weight of position i (1-based from the left) 2^(18-i) mod 11, check value (12 − Σ mod 11)
 * mod 11 with 10 written X; digits 1–2 a GB/T 2260 province (or 71, 81, 82, 83), 7–14 a real birth date.
 */
function oracleCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? "X" : String(value);
}
const ORACLE_PROVINCES = new Set(
  "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split(
    " ",
  ),
);
function oracleRealDate(y: number, m: number, d: number): boolean {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1]!;
}
function oracleValid(raw: string): boolean {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id) || !ORACLE_PROVINCES.has(id.slice(0, 2))) return false;
  const [y, m, d] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  if (!oracleRealDate(y, m, d) || y < 1900) return false;
  return oracleCheck(id.slice(0, 17)) === id[17];
}

describe("ResidentId against an oracle written from GB 11643 (ISO 7064 MOD 11-2)", () => {
  it("the oracle accepts the standard's own example", () => {
    expect(oracleValid(STANDARD_EXAMPLE)).toBe(true);
    expect(oracleValid("11010519491231002x")).toBe(true);
  });

  it("agrees with the oracle on 20,000 generated numbers, a lower-case x normalised", () => {
    const random = seededRandom(11643);
    const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    const pad = (n: number, w: number) => String(n).padStart(w, "0");
    let valid = 0;
    let withX = 0;
    for (let n = 0; n < 20_000; n++) {
      const province = random() < 0.9 ? pick([...ORACLE_PROVINCES]) : pad(int(0, 99), 2);
      // Birth dates up to 2024 only: no case depends on today's date.
      const year = random() < 0.97 ? int(1900, 2024) : int(1850, 1899);
      const first17 = `${province}${pad(int(0, 9999), 4)}${year}${pad(int(1, 12), 2)}${pad(random() < 0.95 ? int(1, 28) : int(29, 32), 2)}${pad(int(0, 999), 3)}`;
      let id = `${first17}${random() < 0.7 ? oracleCheck(first17) : pick([..."0123456789X"])}`;
      if (id.endsWith("X")) withX++;
      if (random() < 0.3) id = id.toLowerCase();
      if (random() < 0.01) id = id.slice(1);
      const expected = oracleValid(id);
      if (expected) valid++;
      const result = ResidentId.safeParse(id);
      expect(result.success, id).toBe(expected);
      if (expected) expect(result.data).toBe(id.toUpperCase());
      expect(residentIdProblem(id) === undefined, id).toBe(expected);
    }
    expect(valid).toBeGreaterThan(8_000);
    expect(withX).toBeGreaterThan(1_000);

    function pick<T>(xs: readonly T[]): T {
      return xs[Math.floor(random() * xs.length)]!;
    }
  });
});
