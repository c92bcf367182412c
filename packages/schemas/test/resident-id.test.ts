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
