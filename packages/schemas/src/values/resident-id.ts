import { chinaToday, isCalendarDate, PROVINCE_PREFIXES } from "@pes/core";
import { z } from "zod";
import { jsonSchemaRules, pesCheck } from "../checks.js";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = "10X98765432";
const SHAPE = /^\d{17}[\dX]$/;
const CHECK_CHARACTER_PROBLEM =
  "The last character of the ID number does not match (校验码错误); check for a mistyped digit";

/**
 * The ID number's shape as far as a JSON Schema pattern can say it: a province code, a birth date from
 * 1900 with months 01–12 and days 01–31, three digits and the check character (GB 11643).
 */
const JSON_SCHEMA_PATTERN = `^(?:${[...PROVINCE_PREFIXES].sort().join("|")})\\d{4}(?:19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}[\\dX]$`;

/** ISO 7064 MOD 11-2 check character over the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/**
 * A lower-case check character x is normalised to X, never refused: the contract (`ResidentId`) and every
 * check read an ID number trimmed and upper-cased.
 */
export function normaliseResidentId(id: string): string {
  return id.trim().toUpperCase();
}

/**
 * Why a resident ID number (GB 11643) is not valid, in words a clerk can act on; undefined when it is.
 * Lower case and surrounding spaces are normalised first (see `normaliseResidentId`).
 */
export function residentIdProblem(input: string, today: string = chinaToday()): string | undefined {
  const id = normaliseResidentId(input);
  if (id.length !== 18)
    return `The ID number must have 18 characters (身份证号码为18位), this one has ${id.length}`;
  if (!SHAPE.test(id)) return "The ID number must be 17 digits followed by a digit or X";
  if (!PROVINCE_PREFIXES.has(id.slice(0, 2))) {
    return `The ID number starts with ${id.slice(0, 2)}, which is not a province code; check the first digits`;
  }
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isCalendarDate(birth))
    return "The birth date in the ID number (digits 7–14, YYYYMMDD) is not a real date";
  if (birth < "1900-01-01") return "The birth year in the ID number is before 1900";
  if (birth > today) return "The birth date in the ID number is in the future";
  if (residentIdCheckChar(id) !== id[17]) return CHECK_CHARACTER_PROBLEM;
  return undefined;
}

export const ResidentId = jsonSchemaRules(
  z
    .string()
    .trim()
    .toUpperCase()
    .regex(SHAPE, {
      error: (issue) =>
        residentIdProblem(String(issue.input)) ?? "The ID number must be 17 digits and a digit or X",
      abort: true,
    })
    .superRefine((id, ctx) => {
      const problem = residentIdProblem(id);
      // The province and the date's shape fail the JSON Schema pattern too; what is left is beyond it.
      const check =
        problem === CHECK_CHARACTER_PROBLEM ? "resident-id-check-character" : "resident-id-birth-date";
      if (problem) ctx.addIssue({ code: "custom", message: problem, params: pesCheck(check) });
    })
    .meta({
      title: "Resident ID number (公民身份号码)",
      description: "GB 11643, 18 characters with the ISO 7064 MOD 11-2 check character; personal data",
      examples: ["35020319900307105X"],
      pattern: JSON_SCHEMA_PATTERN,
    }),
  { checks: ["resident-id-check-character", "resident-id-birth-date"] },
);
export type ResidentId = z.infer<typeof ResidentId>;

/** YYYY-MM-DD, read from a valid ID number. */
export function birthDateOfResidentId(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** The 17th character: odd for men, even for women. */
export function sexOfResidentId(id: string): "male" | "female" {
  return Number(id[16]) % 2 === 1 ? "male" : "female";
}

/** Builds a valid ID number; for tests and synthetic data only. */
export function makeResidentId(region6: string, birth: string, seq3: number): string {
  if (!/^\d{6}$/.test(region6)) throw new Error("region must be 6 digits");
  if (!isCalendarDate(birth)) throw new Error("birth must be a real YYYY-MM-DD date");
  if (!Number.isInteger(seq3) || seq3 < 0 || seq3 > 999) throw new Error("sequence must be 0..999");
  const first17 = `${region6}${birth.replaceAll("-", "")}${String(seq3).padStart(3, "0")}`;
  return first17 + residentIdCheckChar(first17);
}

/** 3502**********123X: what a screen may show. */
export function maskResidentId(id: string): string {
  if (id.length <= 8) return "*".repeat(id.length);
  return `${id.slice(0, 4)}${"*".repeat(id.length - 8)}${id.slice(-4)}`;
}
