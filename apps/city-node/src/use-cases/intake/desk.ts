import { chinaToday, DomainError, districtOf, divisionLevel } from "@pes/core";
import { FujianDivisionCode, Mobile, PersonName, ResidentId, reportingCityOf, text } from "@pes/schemas";
import { z } from "zod";
import { assertCanAccess, assertInArea, DomainRuleError } from "../../domain/index.js";
import { admitPerson, findPersonByIdNumber, type PersonRow, personKeyFor } from "../persons/store.js";
import type { IntakeContext } from "./types.js";

/*
 * The frame of every desk form, whoever sends it (a clerk at the desk, the city's own system, a batch
 * item): the person block, the city and the caller's area, the defaults a form leaves out.
 */

/** The city system's own id of a record: with it, sending the record again never doubles it. */
export const SourceRecordId = text(100, "The source record id").meta({
  description:
    "The city system's own id of this record (unique per record kind in this node). The same id with the same " +
    "content again changes nothing and answers the record (200, `Idempotent-Replayed: true`); with other " +
    "content it is a new revision of the same record (200). Kept by the node only; not published.",
  example: "XM-JY-2025-000123",
});

/** The person block of every desk form: typed in by the clerk, validated against GB 11643 and GB/T 2260. */
export const PersonInput = z.object({
  idNumber: ResidentId,
  name: PersonName,
  phone: Mobile.optional(),
  divisionCode: FujianDivisionCode.meta({
    description:
      "Where the person lives, as fine as known (community best): decides whose jurisdiction they are in",
  }),
});
export type PersonInput = z.infer<typeof PersonInput>;

/** The fields of a contract record the clerk types in: its shape without what the node fills in itself. */
export function deskFieldsOf<S extends Record<string, z.ZodType>, K extends keyof S>(
  shape: S,
  nodeFills: readonly K[],
): Omit<S, K> {
  const fields = { ...shape };
  for (const k of nodeFills) delete fields[k];
  return fields;
}

/** Every record's fields the node fills in itself. */
export const RECORD_FILLED = ["id", "revision", "cityCode", "districtCode", "recordedAt", "person"] as const;
/** …and the clerk who acts, for records that name one. */
export const NODE_FILLED = [...RECORD_FILLED, "staffId"] as const;

/** A node keeps the ledgers of its own city only. */
export function assertInCity(divisionCode: string, cityCode: string, field = "person.divisionCode"): void {
  if (reportingCityOf(divisionCode) !== cityCode || divisionLevel(divisionCode) === "city") {
    throw new DomainError(
      "invalid",
      "outside-city",
      `Division ${divisionCode} is not a district, street or community of ${cityCode}`,
      {
        errors: [{ path: field, message: `must lie within city ${cityCode}` }],
      },
    );
  }
}

/**
 * An enterprise's division (a vacancy's employer, a layoff report's enterprise): in this city (422 at
 * divisionCode) and within the caller's area (403 forbidden-jurisdiction otherwise).
 */
export function assertEnterpriseInArea(
  ctx: Pick<IntakeContext, "cityCode" | "caller">,
  divisionCode: string,
): void {
  assertInCity(divisionCode, ctx.cityCode, "divisionCode");
  assertCanAccess(ctx.caller, divisionCode);
}

/** The answer to a person outside the caller's area, the same whether they exist elsewhere or not. */
export const PERSON_OUTSIDE_AREA = {
  code: "person-not-found",
  message:
    "No person with this ID number in your area. A person who moved here is transferred (迁移) by a supervisor of your area first",
};

/** Today's date in China (Asia/Shanghai, UTC+8) by the node's clock: the default of every date on a form. */
export const todayOf = (ctx: Pick<IntakeContext, "clock">): string => chinaToday(ctx.clock);

/** A form's service point, or the caller's when it names none. */
export const servicePointOf = (ctx: IntakeContext, given: string | null | undefined): string | undefined =>
  given ?? ctx.caller.servicePointId ?? undefined;

export interface DeskForm {
  /** 失业/就业/求职登记 own the person's identity: they may bring a known person's name and phone up to date. */
  ownsIdentity?: boolean;
}

export interface AtTheDesk {
  person: PersonRow;
  /** The district of the person's stored division: what the published record carries. */
  districtCode: string | undefined;
}

/**
 * The person a desk form names, locked until the transaction ends. A person known to the node belongs
 * to their stored area: a caller whose area does not cover it is refused as if the person did not
 * exist (OutsideAreaError, 404), whatever address the form gives. A person new to the node is added
 * with the address given, which the caller's area must cover. Only a record that owns identity brings
 * a known person's name and phone up to date; the division never changes here (a transfer does).
 */
export async function admitAtDesk(
  ctx: IntakeContext,
  personInput: PersonInput,
  form: DeskForm = {},
): Promise<AtTheDesk> {
  assertInCity(personInput.divisionCode, ctx.cityCode);
  const person = await admitPerson(ctx, {
    person: personInput,
    ownsIdentity: form.ownsIdentity ?? false,
    assertCovers: (division) => assertInArea(ctx.caller, division, PERSON_OUTSIDE_AREA),
  });
  return { person, districtCode: districtOf(person.divisionCode) };
}

/**
 * The person of a revision: a record stays with the person it is about (422 at person.idNumber
 * otherwise); then as admitAtDesk.
 */
export async function samePersonAtDesk(
  ctx: IntakeContext,
  current: PersonRow,
  personInput: PersonInput,
  form: DeskForm = {},
): Promise<AtTheDesk> {
  assertSamePerson(ctx, current, personInput.idNumber, "person.idNumber");
  return admitAtDesk(ctx, personInput, form);
}

export function assertSamePerson(
  ctx: Pick<IntakeContext, "vault">,
  current: PersonRow,
  idNumber: string,
  field: string,
): void {
  if (personKeyFor(ctx.vault, idNumber) !== current.personKey)
    throw new DomainRuleError(
      "person-fixed",
      "A record stays with the person it is about; record the other person's own",
      { field },
    );
}

/** 404 as for a record that does not exist, unless the caller's area covers the record's person (or division). */
export function assertRecordInArea(
  ctx: IntakeContext,
  divisionCode: string,
  notFound: { code: string; message: string; personId?: string },
): void {
  assertInArea(ctx.caller, divisionCode, notFound);
}

/**
 * Other persons a form names by ID number (a zero-employment family's members): each one known to the
 * node must lie in the caller's area (404 otherwise, as for the form's own person); unknown ones are left
 * to the ledger, which adds them in the applicant's division.
 */
export async function assertNamedPersonsInArea(
  ctx: IntakeContext,
  idNumbers: readonly string[],
): Promise<void> {
  for (const idNumber of idNumbers) {
    const known = await findPersonByIdNumber(ctx, { idNumber });
    if (known) assertInArea(ctx.caller, known.divisionCode, { ...PERSON_OUTSIDE_AREA, personId: known.id });
  }
}
