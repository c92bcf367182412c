import type { DomainError, DomainErrorKind } from "@pes/core";

// The domain's errors live in the framework-free @pes/core; the HTTP kit only maps them.
export { DomainError, type DomainErrorKind } from "@pes/core";

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
