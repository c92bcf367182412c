import type { z } from "zod";
import { Mobile, PersonName, PhoneNumber } from "../values/contact.js";
import { ResidentId } from "../values/resident-id.js";

/**
 * The value types that are personal data (BRIEF §10): an ID number, a person's name, a phone. Told
 * apart by their definition, which `.meta()` keeps, so a field re-described is still found.
 */
const PERSONAL_DEFS: ReadonlySet<unknown> = new Set(
  [ResidentId, PersonName, Mobile, PhoneNumber].map((s) => s._zod.def),
);

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: z.ZodType[];
};

const found = new WeakMap<z.ZodType, readonly string[]>();

/**
 * Where a record of `schema` holds personal data, as dot paths with "*" for every element of an
 * array: person.idNumber, members.*.person.name, employer.contactPhone, contactMobile. Found by
 * walking the schema, so a personal field added to the contract is covered without a list to keep.
 */
export function personalPaths(schema: z.ZodType): readonly string[] {
  let paths = found.get(schema);
  if (!paths) {
    paths = [...new Set(walk(schema, []))];
    found.set(schema, paths);
  }
  return paths;
}

function walk(schema: z.ZodType, at: readonly string[]): string[] {
  const def = schema._zod.def as Def;
  if (PERSONAL_DEFS.has(def)) return [at.join(".")];
  switch (def.type) {
    case "object":
      return Object.entries(def.shape ?? {}).flatMap(([key, field]) => walk(field, [...at, key]));
    case "array":
      return walk(def.element!, [...at, "*"]);
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      return walk(def.innerType!, at);
    case "pipe":
      return [...walk(def.in!, at), ...walk(def.out!, at)];
    case "union":
      return def.options!.flatMap((option) => walk(option, at));
    default:
      return [];
  }
}
