import { z } from "zod";
import { divisionLevel } from "./divisions.js";

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

/** Why a unified social credit code is not valid, or undefined. Expects the trimmed, upper-cased form. */
export function creditCodeProblem(code: string): string | undefined {
  if (code.length !== 18) return `The credit code must have 18 characters, this one has ${code.length}`;
  const bad = [...code].find((c) => !CHARSET.includes(c));
  if (bad !== undefined) {
    return `The credit code contains "${bad}", which is never used (only digits and capitals except I, O, Z, S, V)`;
  }
  if (!divisionLevel(code.slice(2, 8))) {
    return "Characters 3 to 8 of the credit code must be the division code of the registering authority";
  }
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) {
    return "The last character of the credit code does not match (校验码错误); check for a mistyped character";
  }
  return undefined;
}

export const UnifiedSocialCreditCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(SHAPE, {
    error: (issue) => creditCodeProblem(String(issue.input).trim().toUpperCase()) ?? "Invalid credit code",
    abort: true,
  })
  .superRefine((code, ctx) => {
    const problem = creditCodeProblem(code);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .meta({
    title: "Unified social credit code (统一社会信用代码)",
    description:
      "GB 32100-2015: 18 characters, registering authority, type, division code, organisation code, check",
    examples: ["91350200MA2Y3K4L5Y"],
  });
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
