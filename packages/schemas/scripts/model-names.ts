/**
 * Titles a code generator can name a type by. Generators (AsyncAPI Modelina, quicktype) turn a
 * schema's title into a class name, so "Employment registration (就业登记)" became
 * EmploymentRegistrationRoundleftRoundright: the title becomes its English words in PascalCase,
 * and the full title moves to the description.
 */
type Json = Record<string, unknown>;

export const pascal = (text: string) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");

/** "Resident ID number (公民身份号码)" → "ResidentIDNumber": the words before any parenthesis. */
export function modelTitle(title: string): string {
  return pascal(title.split("(")[0]!) || "Value";
}

export function cleanTitles<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(cleanTitles) as T;
  if (!schema || typeof schema !== "object") return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema as Json)) out[k] = cleanTitles(v);
  // A property named "title" holds a schema (an object), never a string: only a schema's own title is renamed.
  if (typeof out.title === "string" && modelTitle(out.title) !== out.title) {
    const full = out.title;
    out.title = modelTitle(full);
    out.description = typeof out.description === "string" ? `${full}: ${out.description}` : full;
  }
  return out as T;
}
