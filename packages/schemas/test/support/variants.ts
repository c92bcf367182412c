/**
 * Invalid variants of a valid record, made systematically: every field removed, nulled, and set to
 * values of the wrong type, shape, range, calendar or code list. What the contract's zod schema and a
 * JSON Schema validator make of each tells where the JSON Schema says less than the contract.
 */
import { makeResidentId } from "../../src/values/resident-id.js";

export interface Variant {
  /** What was changed, e.g. "person.idNumber = \"…\"" or "delete unit". */
  label: string;
  data: unknown;
}

type Path = (string | number)[];
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const ID = makeResidentId("350203", "1990-03-07", 105);
const badCheck = ID.slice(0, 17) + (ID[17] === "0" ? "1" : "0");
const ID_VARIANTS = [
  badCheck,
  `99${ID.slice(2)}`, // no province 99
  makeFake("19900230"), // 30 February
  makeFake("18991231"), // before 1900
  makeFake("20990101"), // in the future
  ID.slice(0, 17),
];
function makeFake(birth: string) {
  return `${ID.slice(0, 6)}${birth}${ID.slice(14)}`;
}

const STRINGS: Json[] = [
  "",
  "   ",
  "a\u0000b",
  "line\nbreak",
  "x".repeat(5000),
  "a",
  "Z",
  "1",
  "abc-DEF",
  "2024-02-30",
  "2023-02-29",
  "2024-13-01",
  "1899-12-31",
  "1990-01-01",
  "2099-12-31",
  "2024-03-15T09:30:00",
  "2024-03-15T09:30:00+08:00",
  "not a date",
  "350000",
  "350100",
  "350128",
  "350203",
  "350206",
  "350299",
  "350203001",
  "350203000",
  "350203001001",
  "350203000001",
  "350203001000",
  "310101",
  "990101",
  "91350200MA2Y3K4L5X",
  "91350200MA2Y3K4L5Y",
  "Y1350200MA2Y3K4L5Y",
  "A3350200MA2Y3K4L5Y",
  "pk_short",
  "pk_0123456789abcdefghijklmnopqrstuv",
  "00000000-0000-0000-0000-000000000000",
  "+8613812341234",
  "12345678901",
  "0592-1234567",
  "2024-Q5",
  "2024-H1",
  "C3911",
  "Z99",
  "4-01-02-01",
  ...ID_VARIANTS,
];
const NUMBERS: Json[] = [-1, 0, 0.5, 1, 2, 3, 5, 15, 16, 71, 85, 100001, 1e16, "1"];

/** Every string value an `enum` or `const` of the JSON Schema allows, to try each in every string field. */
export function codesOf(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const s of schema) codesOf(s, into);
  else if (schema && typeof schema === "object") {
    for (const [k, v] of Object.entries(schema)) {
      if (k === "enum" && Array.isArray(v)) {
        for (const e of v) if (typeof e === "string") into.add(e);
      } else if (k === "const" && typeof v === "string") into.add(v);
      else codesOf(v, into);
    }
  }
  return into;
}

function leaves(value: Json, at: Path = []): { path: Path; value: Json }[] {
  const here = { path: at, value };
  if (Array.isArray(value)) return [here, ...value.flatMap((v, i) => leaves(v, [...at, i]))];
  if (value && typeof value === "object")
    return [here, ...Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]))];
  return [here];
}

function setAt(root: Json, path: Path, value: Json | undefined): Json {
  if (path.length === 0) return value ?? null;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy as Record<string | number, Json>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

function replacements(value: Json, codes: readonly string[]): Json[] {
  if (typeof value === "string") return [...STRINGS, ...codes];
  if (typeof value === "number") return NUMBERS;
  if (typeof value === "boolean") return [!value, "true"];
  if (Array.isArray(value))
    return [[], value.length ? [value[0]!, value[0]!] : ["x"], Array(60).fill(value[0] ?? "x"), "x"];
  if (value && typeof value === "object") return [{}, "x", []];
  return ["x"];
}

/** The variants of `record`: each field removed, nulled, and replaced by each value worth trying. */
export function variantsOf(record: unknown, schema: unknown): Variant[] {
  const root = JSON.parse(JSON.stringify(record)) as Json;
  const codes = [...codesOf(schema)];
  const out: Variant[] = [];
  for (const { path, value } of leaves(root)) {
    if (path.length === 0) continue;
    const where = path.join(".");
    out.push({ label: `delete ${where}`, data: setAt(root, path, undefined) });
    for (const v of [null, ...replacements(value, codes)])
      out.push({ label: `${where} = ${JSON.stringify(v).slice(0, 40)}`, data: setAt(root, path, v) });
  }
  return out;
}
