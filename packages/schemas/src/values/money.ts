import { z } from "zod";

export const MoneyFen = z
  .number({ error: "Enter the amount in fen (分) as a whole number" })
  .int({ error: "Amounts are whole fen (分); 12.34 yuan is 1234" })
  .min(0, { error: "The amount cannot be negative" })
  .max(Number.MAX_SAFE_INTEGER, { error: "The amount is too large" })
  .meta({ description: "Money in fen (分), 1 yuan = 100 fen", examples: [100000] });
export type MoneyFen = z.infer<typeof MoneyFen>;

const YUAN_TEXT = /^\d+(\.\d{1,2})?$/;

/** 12.34 or "12.34" yuan → 1234 fen; refuses negatives and fractions of a fen. */
export function yuanToFen(yuan: number | string): number {
  if (typeof yuan === "string") {
    const text = yuan.trim();
    if (!YUAN_TEXT.test(text)) throw new Error(`"${yuan}" is not an amount in yuan with at most 2 decimals`);
    const [whole, frac = ""] = text.split(".");
    return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  }
  const fen = Math.round(yuan * 100);
  if (!Number.isFinite(yuan) || yuan < 0 || Math.abs(fen - yuan * 100) > 1e-6) {
    throw new Error(`${yuan} is not a non-negative amount in yuan with at most 2 decimals`);
  }
  return fen;
}

export function fenToYuan(fen: number): number {
  return fen / 100;
}

/** 123456 → "1234.56", exact, for display and export. */
export function formatFen(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}
