/**
 * JSON with the keys of every object sorted (and `undefined` members left out, as JSON.stringify
 * does), so the same value written with its fields in another order reads the same: what a request's
 * or a record's fingerprint is taken of.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === "object" && !(value instanceof Date))
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  return value;
}
