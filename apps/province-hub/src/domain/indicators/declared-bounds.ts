import { CATALOGUE } from "./catalogue.js";

interface Bounds {
  max?: number;
  integer: boolean;
  what: string;
}

/**
 * What a declared code may be, from the catalogue: the value of a declared indicator is in its unit
 * (a percentage 0–100, a whole count, a quantity); a code declared as a rate's denominator (the
 * year's reemployment target, persons) is a quantity, and the rate over it may exceed 100 %. Never
 * negative.
 */
export function boundsOfDeclared(code: string): Bounds {
  for (const d of CATALOGUE) {
    if (d.numerator.kind === "declared" && d.numerator.code === code && !d.denominator) {
      if (d.unit === "%") return { max: 100, integer: false, what: "a percentage" };
      if (d.unit === "count") return { integer: true, what: "a count" };
      return { integer: false, what: `a quantity in ${d.unit}` };
    }
  }
  return { integer: false, what: "a quantity" };
}

/** Why a declared value is out of its bounds, or undefined: the same rule for the API and the streams. */
export function declaredValueProblem(code: string, value: number): string | undefined {
  const bounds = boundsOfDeclared(code);
  if (!Number.isFinite(value)) return `must be a finite number (${code} is ${bounds.what})`;
  if (value < 0) return `must not be negative (${code} is ${bounds.what})`;
  if (bounds.max !== undefined && value > bounds.max)
    return `must be at most ${bounds.max} (${code} is ${bounds.what})`;
  if (bounds.integer && !Number.isInteger(value)) return `must be a whole number (${code} is ${bounds.what})`;
  return undefined;
}
