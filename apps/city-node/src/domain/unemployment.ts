import { isCalendarDate } from "@pes/core";
import {
  CLOSES_AN_APPLICATION as CLOSES_AN_APPLICATION_IN_CONTRACT,
  type IsoDate,
  RegistrationPlace,
  type UnemploymentCloseReason,
  type UnemploymentState as UnemploymentStateCodes,
} from "@pes/schemas";
import type { z } from "zod";
import { DomainRuleError, type RuleViolation, throwIfViolated } from "./errors.js";
import {
  MINIMUM_WORKING_AGE,
  type PersonForRetirement,
  reachesWorkingAge,
  retirementAge,
  retirementDate,
} from "./retirement.js";
import { DEFAULT_WORKING_CALENDAR, type WorkingCalendar } from "./working-calendar.js";

export type UnemploymentState = z.infer<typeof UnemploymentStateCodes>;

/** What the clerk records about an applicant for 失业登记. */
export interface UnemploymentApplicant extends PersonForRetirement {
  /** 有劳动能力 */
  ableToWork: boolean;
  /** 有就业愿望 */
  wantsWork: boolean;
  /** In work now (就业状态), including self-employment and flexible work. */
  currentlyEmployed: boolean;
  /** 常住地/户籍地/参保地/就业地; a string because it may come straight from a form. */
  placeBasis: string;
}

export type Eligibility = { ok: true } | { ok: false; reasons: RuleViolation[] };

/**
 * Whether a person may register as unemployed on `appliedOn`: aged 16 up to the statutory retirement
 * age, able to work, wanting work, not in work, registering at one of the four places. Every failing
 * condition is listed, so the clerk can tell the applicant everything at once (一次性告知).
 */
export function checkUnemploymentEligibility(
  applicant: UnemploymentApplicant,
  appliedOn: IsoDate,
): Eligibility {
  if (!isCalendarDate(appliedOn)) {
    throw new DomainRuleError("invalid-date", `${appliedOn} is not a calendar date (YYYY-MM-DD)`, {
      field: "appliedOn",
    });
  }
  const reasons: RuleViolation[] = [];
  if (!isCalendarDate(applicant.birthDate)) {
    reasons.push({
      code: "invalid-birth-date",
      field: "person.birthDate",
      message: `The birth date ${applicant.birthDate} is not a calendar date (出生日期有误)`,
    });
  } else if (!reachesWorkingAge(applicant, appliedOn)) {
    reasons.push({
      code: "under-working-age",
      field: "person.birthDate",
      message: `The applicant is not yet ${MINIMUM_WORKING_AGE} on ${appliedOn} (未满十六周岁)`,
    });
  } else if (appliedOn >= retirementDate(applicant)) {
    const age = retirementAge(applicant);
    reasons.push({
      code: "reached-retirement-age",
      field: "person.birthDate",
      message:
        `The applicant reached the statutory retirement age of ${age.years} years ${age.months} months ` +
        `on ${retirementDate(applicant)} (已达法定退休年龄)`,
    });
  }
  if (!applicant.ableToWork) {
    reasons.push({
      code: "not-able-to-work",
      field: "ableToWork",
      message: "The applicant must be able to work (有劳动能力)",
    });
  }
  if (!applicant.wantsWork) {
    reasons.push({
      code: "not-wanting-work",
      field: "wantsWork",
      message: "The applicant must want to work (有就业愿望)",
    });
  }
  if (applicant.currentlyEmployed) {
    reasons.push({
      code: "currently-employed",
      field: "currentlyEmployed",
      message: "The applicant is in work; only an unemployed person can register (处于失业状态)",
    });
  }
  if (!RegistrationPlace.safeParse(applicant.placeBasis).success) {
    reasons.push({
      code: "invalid-place-basis",
      field: "placeBasis",
      message:
        "Register at the place of residence, household registration, social insurance or employment " +
        `(常住地/户籍地/参保地/就业地: ${RegistrationPlace.options.join(", ")})`,
    });
  }
  return reasons.length === 0 ? { ok: true } : { ok: false, reasons };
}

/** The dates and state of a registration that the rules below read and change. */
export interface UnemploymentLifecycle {
  state: UnemploymentState;
  appliedOn: IsoDate;
  dueBy?: IsoDate;
  registeredOn?: IsoDate;
  closedOn?: IsoDate;
  closeReason?: UnemploymentCloseReason;
}

export type UnemploymentEvent =
  | { type: "register"; on: IsoDate }
  | { type: "close"; on: IsoDate; reason: UnemploymentCloseReason }
  /** The applicant or registrant asks to end it (本人申请注销); the same as close with "withdrawn". */
  | { type: "withdraw"; on: IsoDate };

/**
 * An application not yet registered ends when withdrawn (at the desk or by flow-back), or when the
 * person's situation overtakes it: work, a registration elsewhere, the retirement age. The contract's set.
 */
const CLOSES_AN_APPLICATION: ReadonlySet<UnemploymentCloseReason> = CLOSES_AN_APPLICATION_IN_CONTRACT;

function illegal(from: UnemploymentState, what: string): DomainRuleError {
  return new DomainRuleError("illegal-transition", `A registration that is ${from} cannot be ${what}`, {
    kind: "conflict",
    field: "state",
  });
}

function assertNotBefore(date: IsoDate, earliest: IsoDate, field: string, what: string): void {
  if (!isCalendarDate(date)) {
    throw new DomainRuleError("invalid-date", `${date} is not a calendar date (YYYY-MM-DD)`, { field });
  }
  if (date < earliest) {
    throw new DomainRuleError("date-out-of-order", `${field} ${date} is before ${what} ${earliest}`, {
      field,
    });
  }
}

/**
 * applied → registered → closed, and applied → closed when withdrawn, employed, registered elsewhere or
 * at the retirement age. Anything else is refused with a
 * "conflict" DomainRuleError "illegal-transition". Returns a new object; `current` is not changed.
 */
export function transition<R extends UnemploymentLifecycle>(current: R, event: UnemploymentEvent): R {
  const reason: UnemploymentCloseReason | undefined =
    event.type === "withdraw" ? "withdrawn" : event.type === "close" ? event.reason : undefined;
  switch (current.state) {
    case "applied":
      if (event.type === "register") {
        assertNotBefore(event.on, current.appliedOn, "registeredOn", "the application");
        return { ...current, state: "registered", registeredOn: event.on };
      }
      if (!reason || !CLOSES_AN_APPLICATION.has(reason))
        throw illegal("applied", `closed as ${reason}; register it first`);
      assertNotBefore(event.on, current.appliedOn, "closedOn", "the application");
      return { ...current, state: "closed", closedOn: event.on, closeReason: reason };
    case "registered":
      if (reason === undefined) throw illegal("registered", "registered again");
      assertNotBefore(event.on, current.registeredOn ?? current.appliedOn, "closedOn", "the registration");
      return { ...current, state: "closed", closedOn: event.on, closeReason: reason };
    case "closed":
      throw illegal("closed", event.type === "register" ? "registered" : "closed again");
  }
}

/** Closes a registration because the person found work (就业后注销). */
export function closeOnEmployment<R extends UnemploymentLifecycle>(registration: R, employedOn: IsoDate): R {
  return transition(registration, { type: "close", on: employedOn, reason: "employed" });
}

export const isOpen = (registration: { state: UnemploymentState }): boolean =>
  registration.state !== "closed";

/** The person's open (applied or registered) registration in the province, if any. */
export function openRegistrationOf<R extends { state: UnemploymentState }>(
  existing: readonly R[],
): R | undefined {
  return existing.find(isOpen);
}

/**
 * At most one open unemployment registration per person in the province: refuses (conflict
 * "registration-already-open") when any of the person's registrations is applied or registered.
 * A registration at a new place therefore needs the old one closed first ("registered-elsewhere").
 */
export function assertNoOpenRegistration(
  existing: readonly { id?: string; state: UnemploymentState; cityCode?: string; appliedOn?: IsoDate }[],
): void {
  const open = openRegistrationOf(existing);
  if (!open) return;
  const where = open.cityCode ? ` in ${open.cityCode}` : "";
  const since = open.appliedOn ? ` since ${open.appliedOn}` : "";
  throw new DomainRuleError(
    "registration-already-open",
    `This person already has an open unemployment registration${where}${since} (${open.state}); ` +
      "close it before registering again (一人一条有效失业登记)",
    { kind: "conflict", field: "person.idNumber" },
  );
}

/**
 * Opens an application after checking eligibility (422 "not-eligible" listing every reason) and the
 * one-open-registration rule (409 "registration-already-open"); dueBy is the 10th working day.
 */
export function applyForUnemploymentRegistration(
  applicant: UnemploymentApplicant,
  existing: readonly { id?: string; state: UnemploymentState; cityCode?: string; appliedOn?: IsoDate }[],
  appliedOn: IsoDate,
  calendar: WorkingCalendar = DEFAULT_WORKING_CALENDAR,
): UnemploymentLifecycle & { state: "applied"; dueBy: IsoDate } {
  const eligibility = checkUnemploymentEligibility(applicant, appliedOn);
  if (!eligibility.ok) {
    throwIfViolated("not-eligible", "The applicant cannot register as unemployed", eligibility.reasons);
  }
  assertNoOpenRegistration(existing);
  return { state: "applied", appliedOn, dueBy: calendar.deadlineOf(appliedOn) };
}
