import { z } from "zod";
import { controlCharacterMessage, NOT_BLANK, SINGLE_LINE_TEXT } from "./plain-text.js";

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;

/** Drops spaces and hyphens and a leading +86 / 0086, the forms people write a mobile number in. */
export function normaliseMobile(text: string): string {
  return text.replace(/[\s-]/g, "").replace(/^(\+86|0086)/, "");
}

export const Mobile = z
  .string()
  .max(30, { error: "The mobile number is too long", abort: true })
  .overwrite(normaliseMobile)
  .regex(MOBILE, { error: "Enter an 11-digit mainland mobile number starting with 13–19, e.g. 13812341234" })
  .meta({ title: "Mobile number (手机号码)", description: "11 digits, +86 removed; personal data" });
export type Mobile = z.infer<typeof Mobile>;

/** A mobile or a landline with area code (0592-1234567); the contact of an employer. */
export const PhoneNumber = z
  .string()
  .trim()
  .max(30, { error: "The phone number is too long", abort: true })
  .regex(SINGLE_LINE_TEXT, { error: controlCharacterMessage("A phone number"), abort: true })
  .refine((v) => MOBILE.test(normaliseMobile(v)) || LANDLINE.test(v), {
    error: "Enter a mobile number (13812341234) or a landline with area code (0592-1234567)",
  })
  .meta({
    title: "Phone number (联系电话)",
    description: "Mobile or landline with area code",
    // The forms a producer writes; the hub also reads a mobile with +86, spaces or hyphens.
    pattern: "^(?:1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8}(?:-\\d{1,6})?)$",
  });

/** 138****1234 */
export function maskMobile(mobile: string): string {
  const m = normaliseMobile(mobile);
  return m.length < 7 ? "*".repeat(m.length) : `${m.slice(0, 3)}${"*".repeat(m.length - 7)}${m.slice(-4)}`;
}

/** 张** : the first character, then one star per remaining character. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return "";
  return chars[0] + "*".repeat(Math.max(chars.length - 1, 1));
}

export const PersonName = z
  .string()
  .trim()
  .min(1, { error: "Enter the name (姓名)", abort: true })
  .max(50, { error: "A name has at most 50 characters" })
  .regex(NOT_BLANK, { error: "Enter the name (姓名)" })
  .regex(SINGLE_LINE_TEXT, { error: controlCharacterMessage("A name") })
  .meta({ description: "Name as on the ID card; personal data" });
