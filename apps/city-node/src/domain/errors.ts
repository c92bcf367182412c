/**
 * How a broken rule is reported by the domain. The adapters map `kind` to their protocol
 * (HTTP: invalid → 422, conflict → 409, forbidden → 403, not_found → 404, as problem+json with
 * `errors[]`). A record outside the caller's area is `not_found`, never `forbidden`: its existence is
 * not revealed.
 */
export type DomainRuleErrorKind = "invalid" | "conflict" | "forbidden" | "not_found";

/** One reason a rule refused: a stable code, the field it is about, and words a clerk can act on. */
export interface RuleViolation {
  code: string;
  /** Dotted path of the input field, e.g. "person.birthDate" or "members.2.unemployed". */
  field?: string;
  message: string;
}

export class DomainRuleError extends Error {
  override name = "DomainRuleError";
  readonly kind: DomainRuleErrorKind;
  readonly field: string | undefined;
  /** Every reason, when a rule checked several conditions at once; otherwise empty. */
  readonly violations: readonly RuleViolation[];

  constructor(
    /** Short stable name clients may switch on, e.g. "registration-already-open". */
    readonly code: string,
    message: string,
    options: { kind?: DomainRuleErrorKind; field?: string; violations?: readonly RuleViolation[] } = {},
  ) {
    super(message);
    this.kind = options.kind ?? "invalid";
    this.field = options.field;
    this.violations = options.violations ?? [];
  }

  /** The `errors[]` of a problem+json body: one entry per violation, or the error's own field. */
  get fieldErrors(): { path: string; message: string }[] {
    if (this.violations.length > 0) {
      return this.violations.map((v) => ({ path: v.field ?? "", message: v.message }));
    }
    return this.field === undefined ? [] : [{ path: this.field, message: this.message }];
  }
}

/** Throws an "invalid" DomainRuleError listing every violation, when there is any. */
export function throwIfViolated(code: string, summary: string, violations: readonly RuleViolation[]): void {
  if (violations.length > 0) {
    throw new DomainRuleError(code, summary, { violations, field: violations[0]?.field });
  }
}
