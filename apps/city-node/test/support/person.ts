import { samplePerson } from "@pes/schemas/samples";
import { SIMING_COMMUNITY, SIMING_POINT } from "./config.js";

let seq = 100;
/**
 * The node's one person factory: the ID number of the contract's sample person (a valid GB 11643 ID
 * number of 思明), unique on every call, born on `birth`; the sequence's parity gives the sex (odd: a man).
 */
export function idNumber(birth = "1990-03-07", male = true): string {
  seq += 2;
  return samplePerson((male ? seq + 1 : seq) % 1000, { birthDate: birth }).idNumber;
}

/** The person block of a desk form: a fresh person of a 思明 community unless told. */
export function personBlock(id = idNumber(), divisionCode: string = SIMING_COMMUNITY) {
  return { idNumber: id, name: "陈明", phone: "13800001234", divisionCode };
}

/** A valid 失业登记 application of `id` (a person of 思明) at the 思明 service point. */
export function application(id = idNumber(), overrides: Record<string, unknown> = {}) {
  return {
    person: { idNumber: id, name: "陈明", phone: "13800001234", divisionCode: SIMING_COMMUNITY },
    ableToWork: true,
    wantsWork: true,
    currentlyEmployed: false,
    placeBasis: "residence",
    servicePointId: SIMING_POINT,
    appliedOn: "2025-09-26",
    ...overrides,
  };
}
