import { districtOf, divisionLevel, isWithin } from "@pes/core";
import { reportingCityOf } from "@pes/schemas";
import { DomainRuleError } from "./errors.js";

/** Who may see and change whose records, by the staff member's role and assigned division. */

export const STAFF_ROLES = ["clerk", "supervisor", "city-admin"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffScope {
  role: StaffRole;
  /** The assigned division: a city (xxxx00), district (6 digits), street (9) or community (12). */
  divisionCode: string;
}

/** The district containing `code`, or `code` itself when it is a city (or not a valid code: undefined). */
function districtOrCityOf(code: string): string | undefined {
  return divisionLevel(code) === "city" ? code : districtOf(code);
}

/** The division a staff member's access reaches: their whole city, their district, or their own division. */
export function accessRootOf(staff: StaffScope): string | undefined {
  if (!divisionLevel(staff.divisionCode)) return undefined;
  switch (staff.role) {
    case "city-admin":
      return reportingCityOf(staff.divisionCode);
    case "supervisor":
      return districtOrCityOf(staff.divisionCode);
    case "clerk":
      return staff.divisionCode;
  }
}

/**
 * city-admin: every division of their reporting city; supervisor: the district they are assigned to
 * (or lie within); clerk: their assigned division and below. Never across reporting cities: the city
 * is compared with `reportingCityOf`, because 平潭 350128 lies inside 福州 350100 in GB/T 2260 yet
 * reports as its own city.
 */
export function canAccess(staff: StaffScope, personDivisionCode: string): boolean {
  const root = accessRootOf(staff);
  if (!root || !divisionLevel(personDivisionCode)) return false;
  const city = reportingCityOf(personDivisionCode);
  if (!city || city !== reportingCityOf(staff.divisionCode)) return false;
  return staff.role === "city-admin" || isWithin(personDivisionCode, root);
}

export function assertCanAccess(staff: StaffScope, personDivisionCode: string): void {
  if (canAccess(staff, personDivisionCode)) return;
  throw new DomainRuleError(
    "forbidden-jurisdiction",
    `Division ${personDivisionCode} is outside your jurisdiction (${accessRootOf(staff) ?? staff.divisionCode}, ${staff.role})`,
    { kind: "forbidden", field: "divisionCode" },
  );
}

/**
 * A person, or a record about one, outside the caller's area: answered exactly as a record that does
 * not exist (404), so that a request cannot tell "exists elsewhere" from "does not exist".
 */
export class OutsideAreaError extends DomainRuleError {
  constructor(
    code: string,
    message: string,
    /** The person refused, when known: for the audit of the refused attempt, never for the answer. */
    readonly personId?: string,
  ) {
    super(code, message, { kind: "not_found" });
  }
}

/** Throws `OutsideAreaError(code, message)` unless the caller's area covers `personDivisionCode`. */
export function assertInArea(
  staff: StaffScope,
  personDivisionCode: string,
  notFound: { code: string; message: string; personId?: string },
): void {
  if (!canAccess(staff, personDivisionCode))
    throw new OutsideAreaError(notFound.code, notFound.message, notFound.personId);
}

/**
 * 迁移: who may move a person's area into `toDivisionCode`: a supervisor or city admin whose area
 * covers the receiving division. The sending area cannot push a person out, a clerk cannot move anyone.
 */
export function canTransferInto(staff: StaffScope, toDivisionCode: string): boolean {
  return (staff.role === "supervisor" || staff.role === "city-admin") && canAccess(staff, toDivisionCode);
}

/** Why personal data is being shown: one person's case, a list or search, a bulk export, a statistic. */
export type DataPurpose = "case" | "list" | "export" | "statistics";

/**
 * Clear ID number, name and phone, versus masked (maskResidentId and the like). Only case work shows
 * clear data, and only to the roles that do case work: the clerk handling it and the supervisors who
 * review it. Lists, exports and statistics are always masked; a city admin manages accounts and
 * configuration, not cases, so sees masked data everywhere. Check `canAccess` first: this rule
 * assumes the person is within the caller's jurisdiction.
 */
const CLEAR_PERSONAL_DATA: Record<DataPurpose, readonly StaffRole[]> = {
  case: ["clerk", "supervisor"],
  list: [],
  export: [],
  statistics: [],
};

export function canSeeClearPersonalData(role: StaffRole, purpose: DataPurpose): boolean {
  return CLEAR_PERSONAL_DATA[purpose].includes(role);
}
