/**
 * Whether a record version's current JSON Schema still accepts every record its published (frozen)
 * schema accepted, and still carries every field. A published version may only loosen: a new optional
 * field, a wider limit, a new enum value, a description. Anything else is a new version.
 */
type Schema = Record<string, unknown>;
const isSchema = (v: unknown): v is Schema => typeof v === "object" && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const types = (s: Schema): string[] | undefined =>
  s.type === undefined ? undefined : ([] as string[]).concat(s.type as string | string[]);

/** Keywords whose change only tightens or loosens a bound: a higher minimum tightens, a higher maximum loosens. */
const LOWER_BOUNDS = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains"];
const UPPER_BOUNDS = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains"];
/** Keywords any change of which may refuse a record accepted before. */
const EXACT = [
  "pattern",
  "format",
  "const",
  "multipleOf",
  "not",
  "if",
  "then",
  "else",
  "contains",
  "dependentRequired",
  "dependentSchemas",
  "propertyNames",
  "$ref",
];
/** What says nothing about which records are valid. */
const ANNOTATIONS = new Set([
  "title",
  "description",
  "examples",
  "$comment",
  "$id",
  "$schema",
  "deprecated",
  "default",
  "x-cloudevents-type",
]);

/** The breaking changes from `before` to `after`, each as "path: what"; empty when compatible. */
export function breakingChanges(before: unknown, after: unknown, at = "$"): string[] {
  if (before === true || before === undefined)
    return after === true || after === undefined ? [] : maybe(after, at);
  if (!isSchema(before) || !isSchema(after))
    return same(before, after)
      ? []
      : [`${at}: changed from ${JSON.stringify(before)} to ${JSON.stringify(after)}`];
  const out: string[] = [];
  const tb = types(before);
  const ta = types(after);
  if (ta && (!tb || tb.some((t) => !ta.includes(t) && !(t === "integer" && ta.includes("number")))))
    out.push(`${at}: type ${JSON.stringify(tb ?? "any")} became ${JSON.stringify(ta)}`);

  const propsBefore = (before.properties ?? {}) as Record<string, unknown>;
  const propsAfter = (after.properties ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(propsBefore)) {
    if (!(name in propsAfter)) out.push(`${at}.${name}: field removed (or renamed)`);
    else out.push(...breakingChanges(propsBefore[name], propsAfter[name], `${at}.${name}`));
  }
  const required = new Set((before.required ?? []) as string[]);
  for (const name of (after.required ?? []) as string[])
    if (!required.has(name)) out.push(`${at}.${name}: newly required`);

  if (Array.isArray(before.enum)) {
    const allowed = Array.isArray(after.enum) ? after.enum.map((v) => JSON.stringify(v)) : undefined;
    if (allowed)
      for (const v of before.enum)
        if (!allowed.includes(JSON.stringify(v))) out.push(`${at}: enum value ${JSON.stringify(v)} removed`);
  } else if (Array.isArray(after.enum)) out.push(`${at}: enum added`);

  for (const k of LOWER_BOUNDS)
    if (tighter(after[k], before[k], (a, b) => a > b))
      out.push(`${at}: ${k} ${before[k] ?? "none"} → ${after[k]}`);
  for (const k of UPPER_BOUNDS)
    if (tighter(after[k], before[k], (a, b) => a < b))
      out.push(`${at}: ${k} ${before[k] ?? "none"} → ${after[k]}`);
  for (const k of EXACT)
    if (k in after && !same(before[k], after[k]))
      out.push(`${at}: ${k} ${k in before ? "changed" : "added"}`);
  if (after.uniqueItems === true && before.uniqueItems !== true) out.push(`${at}: uniqueItems added`);
  if (after.additionalProperties === false && before.additionalProperties !== false)
    out.push(`${at}: additional properties no longer allowed`);

  if (after.items !== undefined) out.push(...breakingChanges(before.items, after.items, `${at}[]`));
  // A condition (allOf) or alternative (anyOf, oneOf) kept as it was is fine, one changed or added is not.
  out.push(...listChanges(before.allOf, after.allOf, `${at}.allOf`, "condition"));
  for (const k of ["anyOf", "oneOf"] as const) out.push(...alternatives(before[k], after[k], `${at}.${k}`));
  const checks = new Set((before["x-pes-checks"] ?? []) as string[]);
  for (const c of (after["x-pes-checks"] ?? []) as string[])
    if (!checks.has(c)) out.push(`${at}: check ${c} added`);

  for (const k of Object.keys(after))
    if (!ANNOTATIONS.has(k) && !KNOWN.has(k) && !k.startsWith("x-") && !same(before[k], after[k]))
      out.push(`${at}: ${k} changed (not compared, so taken as breaking)`);
  return out;
}

const KNOWN = new Set([
  "type",
  "properties",
  "required",
  "enum",
  "items",
  "allOf",
  "anyOf",
  "oneOf",
  "uniqueItems",
  "additionalProperties",
  ...LOWER_BOUNDS,
  ...UPPER_BOUNDS,
  ...EXACT,
]);

function maybe(after: unknown, at: string): string[] {
  return after === true || (isSchema(after) && Object.keys(after).every((k) => ANNOTATIONS.has(k)))
    ? []
    : [`${at}: constrained where it was not`];
}

function tighter(after: unknown, before: unknown, worse: (a: number, b: number) => boolean): boolean {
  if (typeof after !== "number") return false;
  return typeof before !== "number" || worse(after, before);
}

function listChanges(before: unknown, after: unknown, at: string, what: string): string[] {
  const kept = new Set(((before ?? []) as unknown[]).map((s) => JSON.stringify(s)));
  return ((after ?? []) as unknown[]).flatMap((s, i) =>
    kept.has(JSON.stringify(s)) ? [] : [`${at}[${i}]: ${what} added or changed`],
  );
}

/** Alternatives compared one by one while there are as many; fewer alternatives is breaking. */
function alternatives(before: unknown, after: unknown, at: string): string[] {
  if (after === undefined) return [];
  if (!Array.isArray(before) || !Array.isArray(after) || after.length < before.length)
    return [`${at}: alternatives removed or added where there were none`];
  return before.flatMap((b, i) => breakingChanges(b, after[i], `${at}[${i}]`));
}
