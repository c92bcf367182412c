import { isCalendarDate } from "@pes/core";
import { type FamilyMember, type IsoDate, zeroEmploymentConditionsHold } from "@pes/schemas";
import type { z } from "zod";
import { DomainRuleError, type RuleViolation } from "./errors.js";

/**
 * 零就业家庭: the four conditions of the grassroots service standard (annex 2, 2.1.5), each reported
 * with its own reason. The yes/no answer is the contract's `zeroEmploymentConditionsHold`.
 */

type Member = z.output<typeof FamilyMember>;

/** The parts of a member the rules read; a full `FamilyMember` of the record fits. */
export type ZeroEmploymentMember = Pick<
  Member,
  "workingAge" | "unemployed" | "ableAndWilling" | "fixedIncome"
> & {
  person: { key: string };
};

export interface ZeroEmploymentHousehold<M extends ZeroEmploymentMember = ZeroEmploymentMember> {
  members: M[];
  /** 城镇居民家庭 */
  urbanResident: boolean;
}

export type ZeroEmploymentCheck = { ok: true } | { ok: false; reasons: RuleViolation[] };

/**
 * Checks each condition separately: (1) every working-age member is unemployed; (2) every working-age
 * member is able and wants to work; (3) no member has a relatively fixed income; (4) an urban resident
 * family; and at least one member is of working age. `workingAge` and `unemployed` are as recorded: the
 * ledger derives them (`isOfWorkingAge` on the ID number, its employment registrations), never the form.
 */
export function checkZeroEmploymentFamily(family: ZeroEmploymentHousehold): ZeroEmploymentCheck {
  const reasons: RuleViolation[] = [];
  if (!family.members.some((m) => m.workingAge)) {
    reasons.push({
      code: "no-working-age-member",
      field: "members",
      message: "No member is of statutory working age (无法定劳动年龄内成员)",
    });
  }
  family.members.forEach((m, i) => {
    if (m.workingAge && !m.unemployed) {
      reasons.push({
        code: "member-employed",
        field: `members.${i}.unemployed`,
        message: `Member ${i + 1} is of working age and in work; every such member must be unemployed (成员均处于失业状态)`,
      });
    }
  });
  family.members.forEach((m, i) => {
    if (m.workingAge && !m.ableAndWilling) {
      reasons.push({
        code: "member-not-able-or-willing",
        field: `members.${i}.ableAndWilling`,
        message: `Member ${i + 1} is of working age but not able or not willing to work (有劳动能力和就业愿望)`,
      });
    }
  });
  family.members.forEach((m, i) => {
    if (m.fixedIncome) {
      reasons.push({
        code: "member-fixed-income",
        field: `members.${i}.fixedIncome`,
        message: `Member ${i + 1} has a relatively fixed income (成员无相对固定收入)`,
      });
    }
  });
  if (!family.urbanResident) {
    reasons.push({
      code: "not-urban-resident",
      field: "urbanResident",
      message: "The family must be an urban resident family (属于城市居民家庭)",
    });
  }
  const holds = zeroEmploymentConditionsHold(family as Parameters<typeof zeroEmploymentConditionsHold>[0]);
  if (holds !== (reasons.length === 0)) {
    throw new Error("zero-employment reasons disagree with zeroEmploymentConditionsHold");
  }
  return holds ? { ok: true } : { ok: false, reasons };
}

/** The state part of a zero-employment family record. */
export interface ZeroEmploymentLifecycle<M extends ZeroEmploymentMember = ZeroEmploymentMember>
  extends ZeroEmploymentHousehold<M> {
  state: "identified" | "cleared";
  identifiedOn: IsoDate;
  clearedOn?: IsoDate;
  clearedBy?: string;
}

/** Identifies the family on `on`, or throws an "invalid" DomainRuleError listing every failed condition. */
export function identifyZeroEmploymentFamily<M extends ZeroEmploymentMember>(
  family: ZeroEmploymentHousehold<M>,
  on: IsoDate,
): ZeroEmploymentHousehold<M> & { state: "identified"; identifiedOn: IsoDate } {
  const check = checkZeroEmploymentFamily(family);
  if (!check.ok) {
    throw new DomainRuleError("not-zero-employment-family", "The family does not meet the four conditions", {
      field: check.reasons[0]?.field,
      violations: check.reasons,
    });
  }
  return { ...family, state: "identified", identifiedOn: on };
}

/**
 * 动态清零: the family is cleared once one member is in work. The member is marked employed;
 * an already cleared family, a non-member or a date before identification is refused.
 */
export function clearOnEmployment<F extends ZeroEmploymentLifecycle>(
  family: F,
  memberKey: string,
  on: IsoDate,
): F {
  if (family.state === "cleared") {
    throw new DomainRuleError("already-cleared", `The family was already cleared on ${family.clearedOn}`, {
      kind: "conflict",
      field: "state",
    });
  }
  const index = family.members.findIndex((m) => m.person.key === memberKey);
  if (index < 0) {
    throw new DomainRuleError("not-a-member", "The person who found work is not a member of this family", {
      field: "clearedBy",
    });
  }
  if (!isCalendarDate(on) || on < family.identifiedOn) {
    throw new DomainRuleError(
      "date-out-of-order",
      `The employment date ${on} must be a date on or after identification (${family.identifiedOn})`,
      { field: "clearedOn" },
    );
  }
  const members = family.members.map((m, i) => (i === index ? { ...m, unemployed: false } : m));
  return { ...family, members, state: "cleared", clearedOn: on, clearedBy: memberKey };
}
