import { ageOn, isCalendarDate } from "@pes/core";
import type { IsoDate } from "@pes/schemas";
import { DomainRuleError, type RuleViolation } from "./errors.js";
import { addYearsMonths } from "./retirement.js";

/**
 * 就业见习 (youth internship) is for graduates within 2 years of leaving school (离校2年内高校毕业生) and
 * registered unemployed youth aged 16–24 (登记失业青年). BRIEF §4.
 */

/** Years after leaving school during which a graduate may be placed in an internship. */
export const INTERNSHIP_GRADUATE_YEARS = 2;
export const INTERNSHIP_YOUTH_MIN_AGE = 16;
export const INTERNSHIP_YOUTH_MAX_AGE = 24;

/** What the node knows of the person on the day of the offer. */
export interface InternshipFacts {
  /** From the ID number. */
  birthDate: IsoDate;
  /** graduatedOn of each of the person's college-graduate ledger lines. */
  graduatedOn: readonly IsoDate[];
  /** A registration of this node in state registered on that day (registeredOn ≤ on < closedOn). */
  registeredUnemployed: boolean;
}

export type InternshipBasis = "recent-graduate" | "registered-unemployed-youth";

/**
 * The last day a graduate who left school on `graduatedOn` is "within 2 years": the 2nd anniversary
 * (a period counted from the next day ends on the corresponding day; 29 February → 28 February).
 */
export function lastInternshipDayOfGraduate(graduatedOn: IsoDate): IsoDate {
  return addYearsMonths(graduatedOn, INTERNSHIP_GRADUATE_YEARS, 0);
}

/** Why the person may be placed in an internship on `on`, or undefined when they may not. */
export function internshipBasis(facts: InternshipFacts, on: IsoDate): InternshipBasis | undefined {
  if (!isCalendarDate(on)) {
    throw new DomainRuleError("invalid-date", `${on} is not a calendar date (YYYY-MM-DD)`, { field: "on" });
  }
  if (facts.graduatedOn.some((g) => g <= on && on <= lastInternshipDayOfGraduate(g))) {
    return "recent-graduate";
  }
  const age = ageOn(facts.birthDate, on);
  if (facts.registeredUnemployed && age >= INTERNSHIP_YOUTH_MIN_AGE && age <= INTERNSHIP_YOUTH_MAX_AGE) {
    return "registered-unemployed-youth";
  }
  return undefined;
}

/**
 * The violation of `field` when the person may not be placed in an internship on `on`, with what the
 * node found (一次性告知: the clerk sees why); undefined when they may.
 */
export function internshipViolation(
  facts: InternshipFacts,
  on: IsoDate,
  field: string,
): RuleViolation | undefined {
  if (internshipBasis(facts, on)) return undefined;
  const latest = [...facts.graduatedOn].sort().at(-1);
  const graduate = latest
    ? latest > on
      ? `left school on ${latest}, after ${on}`
      : `left school on ${latest}, more than ${INTERNSHIP_GRADUATE_YEARS} years before ${on} (until ${lastInternshipDayOfGraduate(latest)})`
    : "has no line in the college-graduate ledger";
  const age = ageOn(facts.birthDate, on);
  const youth = facts.registeredUnemployed
    ? `is registered unemployed but ${age} years old on ${on}`
    : `is not registered unemployed at this node on ${on}`;
  return {
    code: "not-eligible-for-internship",
    field,
    message:
      `An internship (就业见习) is for graduates within ${INTERNSHIP_GRADUATE_YEARS} years of leaving school ` +
      `and registered unemployed youth aged ${INTERNSHIP_YOUTH_MIN_AGE}–${INTERNSHIP_YOUTH_MAX_AGE}; ` +
      `the person ${graduate} and ${youth}`,
  };
}
