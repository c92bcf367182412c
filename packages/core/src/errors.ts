/** One invalid field: where it is (`in` the body, query, path or headers) and what is wrong with it. */
export interface FieldError {
  path: string;
  message: string;
  in?: "body" | "query" | "path" | "header" | "cookie";
}

/**
 * What went wrong in domain terms. The domain layer throws these without knowing about HTTP or
 * Kafka; each adapter maps the kind to its protocol (HTTP: `statusOfDomainError` of @pes/http).
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
