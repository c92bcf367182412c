import { DomainError } from "@pes/core";
import { DomainRuleError } from "../domain/index.js";
import { isUniqueViolation } from "./shared.js";

/**
 * Runs a handler body and turns the domain's rule errors into the HTTP layer's DomainError
 * (problem+json 422/409/403 with the field paths). A unique-index race on "one open registration"
 * becomes the same 409 the rule gives.
 */
export async function withRules<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof DomainRuleError) {
      throw new DomainError(e.kind, e.code, e.message, { errors: e.fieldErrors, cause: e });
    }
    if (isUniqueViolation(e)) {
      throw new DomainError(
        "conflict",
        "duplicate",
        "This record exists already or conflicts with an open one",
        { cause: e },
      );
    }
    throw e;
  }
}
