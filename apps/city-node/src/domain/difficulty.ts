import { isCalendarDate } from "@pes/core";
import {
  DifficultyCategory as DifficultyCategoryCodes,
  type DifficultyState as DifficultyStateCodes,
  type IsoDate,
} from "@pes/schemas";
import type { z } from "zod";
import { DomainRuleError, type RuleViolation, throwIfViolated } from "./errors.js";
import type { UnemploymentState } from "./unemployment.js";

/** 就业困难人员认定: only a registered unemployed person may apply; applied → recognised | refused. */

export type DifficultyCategory = z.infer<typeof DifficultyCategoryCodes>;
export type DifficultyState = z.infer<typeof DifficultyStateCodes>;

export interface DifficultyLifecycle {
  state: DifficultyState;
  categories: DifficultyCategory[];
  appliedOn: IsoDate;
  unemploymentRegistrationId?: string;
  decidedOn?: IsoDate;
  refusalReason?: string;
  validUntil?: IsoDate;
}

export interface DifficultyApplication {
  /** Health, skills, family, land-loss, long-unemployment (身体状况/技能水平/家庭因素/失去土地/长期失业). */
  categories: readonly string[];
  appliedOn: IsoDate;
}

/**
 * Opens an application. `registrations` are the person's unemployment registrations: one must be in
 * state "registered" (and not merely applied for) on the day of application.
 */
export function applyForDifficultyRecognition(
  application: DifficultyApplication,
  registrations: readonly { id?: string; state: UnemploymentState; registeredOn?: IsoDate }[],
): DifficultyLifecycle & { state: "applied" } {
  if (!isCalendarDate(application.appliedOn)) {
    throw new DomainRuleError("invalid-date", `${application.appliedOn} is not a calendar date`, {
      field: "appliedOn",
    });
  }
  const registered = registrations.find(
    (r) =>
      r.state === "registered" && (r.registeredOn === undefined || r.registeredOn <= application.appliedOn),
  );
  if (!registered) {
    throw new DomainRuleError(
      "not-registered-unemployed",
      "Only a registered unemployed person can apply for recognition (须为登记失业人员); register the unemployment first",
      { field: "person.idNumber" },
    );
  }
  const violations: RuleViolation[] = [];
  if (application.categories.length === 0) {
    violations.push({
      code: "category-missing",
      field: "categories",
      message: `Name at least one reason: ${DifficultyCategoryCodes.options.join(", ")}`,
    });
  }
  const seen = new Set<string>();
  application.categories.forEach((category, i) => {
    if (!DifficultyCategoryCodes.safeParse(category).success) {
      violations.push({
        code: "unknown-category",
        field: `categories.${i}`,
        message: `${category} is not a difficulty reason; choose from ${DifficultyCategoryCodes.options.join(", ")}`,
      });
    } else if (seen.has(category)) {
      violations.push({
        code: "duplicate-category",
        field: `categories.${i}`,
        message: `${category} is listed twice`,
      });
    }
    seen.add(category);
  });
  throwIfViolated("invalid-difficulty-application", "The application cannot be accepted", violations);
  return {
    state: "applied",
    categories: [...application.categories] as DifficultyCategory[],
    appliedOn: application.appliedOn,
    ...(registered.id === undefined ? {} : { unemploymentRegistrationId: registered.id }),
  };
}

export type DifficultyDecision =
  | { type: "recognise"; on: IsoDate; validUntil?: IsoDate }
  /** 不予认定: the reason is told to the applicant and is required. */
  | { type: "refuse"; on: IsoDate; reason: string };

/** Decides an application; a decided one cannot be decided again (conflict "illegal-transition"). */
export function transitionDifficulty<R extends DifficultyLifecycle>(
  current: R,
  decision: DifficultyDecision,
): R {
  if (current.state !== "applied") {
    throw new DomainRuleError("illegal-transition", `The application was already ${current.state}`, {
      kind: "conflict",
      field: "state",
    });
  }
  if (!isCalendarDate(decision.on) || decision.on < current.appliedOn) {
    throw new DomainRuleError(
      "date-out-of-order",
      `The decision date ${decision.on} must be on or after the application (${current.appliedOn})`,
      { field: "decidedOn" },
    );
  }
  if (decision.type === "recognise") {
    if (
      decision.validUntil !== undefined &&
      !(isCalendarDate(decision.validUntil) && decision.validUntil >= decision.on)
    ) {
      throw new DomainRuleError("date-out-of-order", "validUntil must be a date on or after the decision", {
        field: "validUntil",
      });
    }
    return {
      ...current,
      state: "recognised",
      decidedOn: decision.on,
      ...(decision.validUntil === undefined ? {} : { validUntil: decision.validUntil }),
    };
  }
  const reason = decision.reason.trim();
  if (reason === "") {
    throw new DomainRuleError("refusal-reason-required", "A refusal needs its reason (不予认定须说明理由)", {
      field: "refusalReason",
    });
  }
  return { ...current, state: "refused", decidedOn: decision.on, refusalReason: reason };
}
