import { DomainError, type FieldError } from "@pes/core";
import { z } from "zod";
import { DomainRuleError } from "../../domain/index.js";

/**
 * Why a batch item was refused, in the adapter's words: `reason` is the kind of the domain's error
 * (the route maps it to a status as for a single request: invalid 422, not_found 404…), `schema`
 * for a record that fails its kind's input schema (400 at a single route), `internal` for an
 * unexpected error (500; its details are logged, never answered).
 */
export type RefusalReason =
  | "schema"
  | "invalid"
  | "not_found"
  | "conflict"
  | "forbidden"
  | "unauthenticated"
  | "unavailable"
  | "internal";

export interface Refusal {
  reason: RefusalReason;
  /** Stable code clients may switch on: validation, person-not-found, invalid-training-record… */
  code: string;
  message: string;
  /** The fields refused, paths inside the item's record (person.idNumber), as a single POST names them. */
  errors: FieldError[];
}

/** The errors of a schema's issues, paths dotted inside the record. */
export function schemaRefusal(
  error: z.core.$ZodError,
  message = "The record is invalid; see errors",
): Refusal {
  return {
    reason: "schema",
    code: "validation",
    message,
    errors: error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message })),
  };
}

const isUniqueViolation = (e: unknown) =>
  (e as { code?: string })?.code === "23505" || (e as { cause?: { code?: string } })?.cause?.code === "23505";

/** PostgreSQL's deadlock and serialization failures: the chunk they hit is run again, whole. */
export function isTransient(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? (e as { cause?: { code?: string } })?.cause?.code;
  return code === "40P01" || code === "40001";
}

/**
 * The refusal an item's error stands for, or undefined when the error is not the item's (a lost
 * connection, a deadlock): those end or retry the chunk, never one item.
 */
export function refusalOf(e: unknown): Refusal {
  if (e instanceof DomainRuleError)
    return { reason: e.kind, code: e.code, message: e.message, errors: e.fieldErrors };
  if (e instanceof DomainError)
    return { reason: e.kind, code: e.code, message: e.message, errors: e.errors ?? [] };
  if (e instanceof z.core.$ZodError) return schemaRefusal(e, "The record breaks the contract; see errors");
  if (isUniqueViolation(e))
    return {
      reason: "conflict",
      code: "duplicate",
      message: "This record exists already or conflicts with an open one",
      errors: [],
    };
  return {
    reason: "internal",
    code: "internal",
    message: "Unexpected error while applying this record; quote the request id when reporting it",
    errors: [],
  };
}
