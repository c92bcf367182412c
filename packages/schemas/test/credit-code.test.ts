import { seededRandom } from "@pes/schemas/testing";
import { describe, expect, it } from "vitest";
import { creditCodeCheckChar, makeCreditCode, UnifiedSocialCreditCode } from "../src/index.js";

const VALID = makeCreditCode({ authority: "9", type: "1", division: "350200", organisation: "MA2Y3K4L5" });

describe("UnifiedSocialCreditCode", () => {
  it("computes the GB 32100 check character", () => {
    // Σ value × weight over 91350200MA2Y3K4L5 = 2636; 2636 mod 31 = 1; 31 − 1 = 30 → "Y" (index 30).
    expect(VALID).toBe("91350200MA2Y3K4L5Y");
    expect(UnifiedSocialCreditCode.parse(VALID)).toBe(VALID);
  });

  it.each([
    "91350100M000100Y43", // a published Fujian code, kept as a known-good fixture
    makeCreditCode({ authority: "5", type: "2", division: "350503", organisation: "0000000X0" }),
    makeCreditCode({ authority: "Y", type: "1", division: "350582", organisation: "123456789" }),
  ])("accepts %s", (code) => {
    expect(UnifiedSocialCreditCode.safeParse(code).success).toBe(true);
  });

  it("normalises case and spaces", () => {
    expect(UnifiedSocialCreditCode.parse(` ${VALID.toLowerCase()} `)).toBe(VALID);
  });

  it("maps a remainder of 0 to check character 0", () => {
    // Search a code whose sum is divisible by 31 and check the rule 31 → 0.
    const first17 = Array.from({ length: 1000 }, (_, i) => `91350200MA${String(i).padStart(7, "0")}`).find(
      (c) => creditCodeCheckChar(c) === "0",
    );
    expect(first17).toBeDefined();
  });

  const wrongCheck = `${VALID.slice(0, 17)}${VALID[17] === "1" ? "2" : "1"}`;
  it.each([
    ["wrong check character", wrongCheck, /does not match/],
    ["letter I", `91350200MA2I3K4L5${VALID[17]}`, /contains "I"/],
    ["letter O", `91350200MA2O3K4L5${VALID[17]}`, /contains "O"/],
    ["letter Z", `91350200MA2Z3K4L5${VALID[17]}`, /contains "Z"/],
    ["letter S", `91350200MA2S3K4L5${VALID[17]}`, /contains "S"/],
    ["letter V", `91350200MA2V3K4L5${VALID[17]}`, /contains "V"/],
    ["17 characters", VALID.slice(0, 17), /18 characters/],
    ["bad division", makeCreditCode({ division: "990000" }), /division code/],
  ])("rejects %s", (_, code, message) => {
    const result = UnifiedSocialCreditCode.safeParse(code);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });
});

/**
 * An oracle written from GB 32100-2015 itself, sharing no code with src/values/credit-code.ts:
 * 18 characters of 0-9A-HJ-NPQRTUWXY (no I, O, Z, S, V); character 1 the 登记管理部门码 and 2 the
 * 机构类别码 it allows (table 1 and its additions); 3–8 the registering authority's division code
 * (100000 at national level); 18 the MOD 31 check over weights 3^i mod 31.
 */
const ORACLE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const ORACLE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORACLE_CATEGORIES: Record<string, string[]> = {
  "1": ["1", "2", "3", "9"], // 机构编制: 机关, 事业单位, 编办直管群众团体, 其他
  "2": ["1", "9"], // 外交
  "3": ["1", "2", "3", "4", "5", "9"], // 司法行政
  "4": ["1", "9"], // 文化
  "5": ["1", "2", "3", "9"], // 民政: 社会团体, 民办非企业单位, 基金会, 其他
  "6": ["1", "2", "9"], // 旅游
  "7": ["1", "2", "9"], // 宗教
  "8": ["1", "9"], // 工会
  "9": ["1", "2", "3"], // 工商: 企业, 个体工商户, 农民专业合作社
  A: ["1", "9"], // 中央军委改革和编制办公室
  N: ["1", "2", "3", "9"], // 农业
  Y: ["1"], // 其他
};
// Division codes the oracle knows the answer for: national level, provinces, cities, districts; and nonsense.
const GOOD_DIVISIONS = ["100000", "110000", "110108", "350000", "350200", "350203", "350583", "440300"];
const BAD_DIVISIONS = ["990000", "000000", "100100", "960000", "35020A"];

function oracleCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ORACLE_CHARS.indexOf(first17[i]!) * ORACLE_WEIGHTS[i]!;
  const c = 31 - (sum % 31);
  return ORACLE_CHARS[c === 31 ? 0 : c]!;
}

function oracleValid(raw: string): boolean {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18 || [...code].some((ch) => !ORACLE_CHARS.includes(ch))) return false;
  if (!ORACLE_CATEGORIES[code[0]!]?.includes(code[1]!)) return false;
  if (!GOOD_DIVISIONS.includes(code.slice(2, 8))) return false;
  return oracleCheckChar(code.slice(0, 17)) === code[17];
}

describe("UnifiedSocialCreditCode against an oracle written from GB 32100-2015", () => {
  it.each([
    "91100000186596454H", // registered with a national-level authority (国家市场监督管理总局)
    "91100000186596454h",
    makeCreditCode({ authority: "1", type: "1", division: "100000", organisation: "000013338" }),
    makeCreditCode({ authority: "5", type: "3", division: "100000", organisation: "500000184" }),
  ])("accepts the national-level authority division 100000: %s", (code) => {
    expect(oracleValid(code)).toBe(true);
    expect(UnifiedSocialCreditCode.parse(code)).toBe(code.toUpperCase());
  });

  it.each([
    ["authority 0", makeCreditCode({ authority: "0", type: "1" }), /registering authority/],
    ["authority B", makeCreditCode({ authority: "B", type: "1" }), /registering authority/],
    ["工商 with category 9", makeCreditCode({ authority: "9", type: "9" }), /organisation category/],
    ["其他 with category 2", makeCreditCode({ authority: "Y", type: "2" }), /organisation category/],
    ["民政 with category 4", makeCreditCode({ authority: "5", type: "4" }), /organisation category/],
  ])("refuses %s", (_, code, message) => {
    expect(oracleValid(code)).toBe(false);
    expect(UnifiedSocialCreditCode.safeParse(code).error?.issues[0]?.message).toMatch(message);
  });

  it("agrees with the oracle on 20,000 generated codes, lower case normalised the same way", () => {
    const random = seededRandom(32100);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const authorities = [...Object.keys(ORACLE_CATEGORIES), "0", "B", "Z"];
    let valid = 0;
    for (let n = 0; n < 20_000; n++) {
      const authority = pick(authorities);
      const category = random() < 0.8 ? pick(ORACLE_CATEGORIES[authority] ?? ["1"]) : pick([..."0123456789"]);
      const division = random() < 0.85 ? pick(GOOD_DIVISIONS) : pick(BAD_DIVISIONS);
      const organisation = Array.from({ length: 9 }, () =>
        random() < 0.02 ? pick([..."IOZSV"]) : pick([...ORACLE_CHARS]),
      ).join("");
      const first17 = `${authority}${category}${division}${organisation}`;
      const usable = [...first17].every((ch) => ORACLE_CHARS.includes(ch));
      let code = `${first17}${usable && random() < 0.7 ? oracleCheckChar(first17) : pick([...ORACLE_CHARS])}`;
      if (random() < 0.2) code = code.toLowerCase();
      if (random() < 0.02) code = code.slice(0, 17);
      const expected = oracleValid(code);
      if (expected) valid++;
      const result = UnifiedSocialCreditCode.safeParse(code);
      expect(result.success, code).toBe(expected);
      if (expected) expect(result.data).toBe(code.trim().toUpperCase());
    }
    // Both verdicts are well represented.
    expect(valid).toBeGreaterThan(5_000);
    expect(valid).toBeLessThan(15_000);
  });
});
