import type { z } from "zod";

/**
 * The contract's checks that JSON Schema cannot say: each generated JSON Schema names the ones that
 * apply where they apply (`x-pes-checks`), and a zod issue they raise carries the name in
 * `params.check`, so a test can tell them from a check the JSON Schema forgot to state.
 * `by`: who refuses a record that fails it — the contract (every consumer's decoder: `invalid-record`),
 * every consumer before it decodes (the trust check), or the hub's ingest (a dead letter
 * `handler-rejected` with the hub's code).
 */
export const PES_CHECKS = {
  "resident-id-check-character": {
    by: "contract",
    what: "The 18th character of the ID number is its ISO 7064 MOD 11-2 check character (GB 11643)",
  },
  "resident-id-birth-date": {
    by: "contract",
    what: "Digits 7–14 of the ID number are a date of the calendar (no 30 February), not after today (China time)",
  },
  "person-sex-matches-id": {
    by: "contract",
    what: "person.sex, when given, is the sex the 17th digit of the ID number says (odd male, even female)",
  },
  "person-birth-date-matches-id": {
    by: "contract",
    what: "person.birthDate, when given, is the date in digits 7–14 of the ID number",
  },
  "person-key": {
    by: "hub",
    what: "person.key is the province's pseudonym of person.idNumber (see Person key); hub code person-key-mismatch",
  },
  "credit-code-check-character": {
    by: "contract",
    what: "The 18th character of a unified social credit code is its GB 32100 check character",
  },
  "date-order": {
    by: "contract",
    what: "A later date of the record (e.g. dueBy, registeredOn, closedOn, endedOn) is not before the earlier one",
  },
  "range-order": {
    by: "contract",
    what: "A maximum (age, pay) is not below its minimum, nor a part (persons laid off) above its whole (the workforce)",
  },
  "applicant-is-member": {
    by: "contract",
    what: "The zero-employment family's applicant (person.key) is one of its members",
  },
  "declared-value-bounds": {
    by: "hub",
    what: "A declared indicator value lies in the indicator's bounds (a rate 0–100 …); hub code declared-value-out-of-bounds",
  },
  signature: {
    by: "consumer",
    what: "The message is signed by a key registered for ce_source over its canonical form, and sealed for its reader (docs/adr/0006); dead letters unsigned, forged, altered, not-for-us …",
  },
  "source-matches-topic": {
    by: "consumer",
    what: "ce_source is the topic's one producer: /city/{city} on pes.city.{city}.*, /gig/{market} on pes.gig.{market}.*, /province on the rest; dead letter wrong-source",
  },
  "city-matches-topic": {
    by: "hub",
    what: "A record on pes.city.{city}.* has cityCode {city}; hub code city-mismatch",
  },
  "market-matches-topic": {
    by: "hub",
    what: "A record on pes.gig.{market}.events has marketId {market}; hub code market-mismatch",
  },
} as const satisfies Record<string, { by: "contract" | "hub" | "consumer"; what: string }>;
/** The checks of a message (headers and topic) rather than of the record: named in the AsyncAPI document. */
export const MESSAGE_CHECKS = new Set<PesCheck>([
  "signature",
  "source-matches-topic",
  "city-matches-topic",
  "market-matches-topic",
]);
export type PesCheck = keyof typeof PES_CHECKS;

/** The zod issue params of a check JSON Schema cannot say. */
export const pesCheck = (check: PesCheck) => ({ check });

type JsonSchema = Record<string, unknown>;

/**
 * Adds to a zod schema's generated JSON Schema what only a JSON Schema needs told: conditions the zod
 * schema checks in a refinement (`allOf`), and the checks beyond JSON Schema (`x-pes-checks`). Both
 * add to what the schema already carries, so a record adds its own rules to the common ones.
 */
export function jsonSchemaRules<S extends z.ZodType>(
  schema: S,
  rules: { allOf?: JsonSchema[]; checks?: PesCheck[] },
): S {
  const meta = schema.meta() ?? {};
  const allOf = [...((meta.allOf as JsonSchema[] | undefined) ?? []), ...(rules.allOf ?? [])];
  const checks = [
    ...new Set([...((meta["x-pes-checks"] as PesCheck[] | undefined) ?? []), ...(rules.checks ?? [])]),
  ];
  return schema.meta({
    ...(allOf.length ? { allOf } : {}),
    ...(checks.length ? { "x-pes-checks": checks } : {}),
  }) as S;
}

/** JSON Schema's if/then: when `condition` holds, `consequence` must. */
export function ifThen(condition: JsonSchema, consequence: JsonSchema): JsonSchema {
  // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword, never awaited
  return { if: condition, then: consequence };
}

/** If each field has its value (or one of the values of an array), then `then` holds. */
export function when(fields: Record<string, unknown>, consequence: JsonSchema): JsonSchema {
  return ifThen(
    {
      properties: Object.fromEntries(
        Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? { enum: v } : { const: v }]),
      ),
      required: Object.keys(fields),
    },
    consequence,
  );
}

export const requires = (...fields: string[]): JsonSchema => ({ required: fields });
export const forbids = (...fields: string[]): JsonSchema => ({
  not: { anyOf: fields.map((f) => ({ required: [f] })) },
});
