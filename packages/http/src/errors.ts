import type { FieldError } from "./problem.js";

/**
 * What went wrong in domain terms. The domain layer throws these without knowing about HTTP or
 * Kafka; each adapter maps the kind to its protocol (HTTP: `statusOfDomainError`).
 */
export type DomainErrorKind =
  | "invalid" // the input breaks a rule (age out of range, registration already open elsewhere...)
  | "not_found"
  | "conflict" // the state changed or a duplicate exists
  | "forbidden" // the caller may not act on this area or record
  | "unauthenticated"
  | "unavailable"; // a dependency is down; retrying later may work

export class DomainError extends Error {
  override name = "DomainError";
  constructor(
    readonly kind: DomainErrorKind,
    /** Short stable name of this error, e.g. "registration-open-elsewhere"; clients may switch on it. */
    readonly code: string,
    message: string,
    /** extensions: RFC 9457 extension members the problem carries, e.g. the state that refused it. */
    readonly options: { errors?: FieldError[]; cause?: unknown; extensions?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }

  get errors(): FieldError[] | undefined {
    return this.options.errors;
  }
}

const STATUS: Record<DomainErrorKind, number> = {
  invalid: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 401,
  unavailable: 503,
};

export function statusOfDomainError(error: DomainError): number {
  return STATUS[error.kind];
}
