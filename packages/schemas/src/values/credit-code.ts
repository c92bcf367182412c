import { divisionLevel, PROVINCE_PREFIXES } from "@pes/core";
import { z } from "zod";
import { jsonSchemaRules, pesCheck } from "../checks.js";

/** GB 32100-2015 charset: digits and capitals without I, O, Z, S, V. */
const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NP-RTUWXY]{18}$/;

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CHARSET.indexOf(first17[i]!);
    if (value < 0) throw new Error(`character ${first17[i]} is not allowed in a credit code`);
    sum += value * WEIGHTS[i]!;
  }
  return CHARSET[(31 - (sum % 31)) % 31]!;
}

/**
 * 登记管理部门码 (1st character) and the 机构类别码 (2nd) each allows, GB 32100-2015 table 1 with its
 * later additions (A 中央军委改革和编制办公室, N 农业): 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游,
 * 7 宗教, 8 工会, 9 工商 (市场监管), A, N, Y 其他 (always 1).
 */
export const CREDIT_CODE_CATEGORIES: Readonly<Record<string, string>> = {
  "1": "1239",
  "2": "19",
  "3": "123459",
  "4": "19",
  "5": "1239",
  "6": "129",
  "7": "129",
  "8": "19",
  "9": "123",
  A: "19",
  N: "1239",
  Y: "1",
};

/** 登记管理机关行政区划码 of an authority at national level (国家级登记管理机关). */
export const NATIONAL_AUTHORITY_DIVISION = "100000";

const CHECK_CHARACTER_PROBLEM =
  "The last character of the credit code does not match (校验码错误); check for a mistyped character";

/** All of GB 32100 but the check character, as a JSON Schema pattern: authority and category, division, rest. */
const JSON_SCHEMA_PATTERN = `^(?:${Object.entries(CREDIT_CODE_CATEGORIES)
  .map(([authority, categories]) => `${authority}[${categories}]`)
  .join(
    "|",
  )})(?:${NATIONAL_AUTHORITY_DIVISION}|(?:${[...PROVINCE_PREFIXES].sort().join("|")})\\d{4})[0-9A-HJ-NP-RTUWXY]{10}$`;

/**
 * Lower case is normalised, never refused: the contract (`UnifiedSocialCreditCode`) and every check
 * read a code trimmed and upper-cased, as a clerk copies it from a licence in whatever case.
 */
export function normaliseCreditCode(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * Why a unified social credit code is not valid, or undefined. Lower case and surrounding spaces are
 * normalised first (see `normaliseCreditCode`). The 9-character organisation code (主体标识码) is not
 * checked against its own GB 11714 check character: the 18th character covers the whole code.
 */
export function creditCodeProblem(input: string): string | undefined {
  const code = normaliseCreditCode(input);
  if (code.length !== 18) return `The credit code must have 18 characters, this one has ${code.length}`;
  const bad = [...code].find((c) => !CHARSET.includes(c));
  if (bad !== undefined) {
    return `The credit code contains "${bad}", which is never used (only digits and capitals except I, O, Z, S, V)`;
  }
  const categories = CREDIT_CODE_CATEGORIES[code[0]!];
  if (categories === undefined) {
    return `The credit code starts with "${code[0]}", which is no registering authority (登记管理部门码: 1–9, A, N or Y)`;
  }
  if (!categories.includes(code[1]!)) {
    return `The second character "${code[1]}" is no organisation category of authority ${code[0]} (机构类别码: ${[...categories].join(", ")})`;
  }
  const division = code.slice(2, 8);
  if (division !== NATIONAL_AUTHORITY_DIVISION && !divisionLevel(division)) {
    return "Characters 3 to 8 of the credit code must be the division code of the registering authority (100000 at national level)";
  }
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return CHECK_CHARACTER_PROBLEM;
  return undefined;
}

export const UnifiedSocialCreditCode = jsonSchemaRules(
  z
    .string()
    .trim()
    .toUpperCase()
    .regex(SHAPE, {
      error: (issue) => creditCodeProblem(String(issue.input)) ?? "Invalid credit code",
      abort: true,
    })
    .superRefine((code, ctx) => {
      const problem = creditCodeProblem(code);
      // Only the check character is beyond the JSON Schema pattern.
      const params =
        problem === CHECK_CHARACTER_PROBLEM ? pesCheck("credit-code-check-character") : undefined;
      if (problem) ctx.addIssue({ code: "custom", message: problem, ...(params ? { params } : {}) });
    })
    .meta({
      title: "Unified social credit code (统一社会信用代码)",
      description:
        "GB 32100-2015: 18 characters, registering authority, type, division code, organisation code, check",
      // The division may be 100000 (a national-level authority); lower case is upper-cased. The meta text
      // stays as it was so the generated contract does not change with this rule.
      examples: ["91350200MA2Y3K4L5Y"],
      pattern: JSON_SCHEMA_PATTERN,
    }),
  { checks: ["credit-code-check-character"] },
);
export type UnifiedSocialCreditCode = z.infer<typeof UnifiedSocialCreditCode>;

/** Builds a valid credit code; for tests and synthetic data only. */
export function makeCreditCode(
  opts: { authority?: string; type?: string; division?: string; organisation?: string } = {},
): string {
  const { authority = "9", type = "1", division = "350200", organisation = "MA2Y3K4L5" } = opts;
  const first17 = `${authority}${type}${division}${organisation}`;
  if (first17.length !== 17)
    throw new Error("authority and type are 1 character, division 6, organisation 9");
  return first17 + creditCodeCheckChar(first17);
}
