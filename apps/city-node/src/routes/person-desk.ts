import { districtOf } from "@pes/core";
import type { Database } from "@pes/sync/db";
import type { Context } from "hono";
import type { AppEnv } from "../context.js";
import { assertInArea, canSeeClearPersonalData, OutsideAreaError } from "../domain/index.js";
import { audit } from "../use-cases/audit/record.js";
import type { UseCaseContext } from "../use-cases/context.js";
import {
  admitPerson,
  findPersonByIdNumber,
  type PersonInput,
  type PersonRow,
  personKeyFor,
  presentPerson,
} from "../use-cases/persons/store.js";
import { useCaseContext } from "./context.js";
import { withRules } from "./rule-errors.js";
import { assertInCity, purposeOf } from "./shared.js";

export interface DeskStep {
  /** The request's transaction (ctx.db). */
  tx: Database;
  ctx: UseCaseContext;
  person: PersonRow;
  /** The district of the person's stored division: what the published record carries. */
  districtCode: string | undefined;
}

export interface DeskForm {
  /** What the form records, for the audit of a refused attempt (e.g. "service-record"). */
  entity: string;
  /** 失业/就业/求职登记 own the person's identity: they may bring a known person's name and phone up to date. */
  ownsIdentity?: boolean;
}

/** The answer to a person outside the caller's area, the same whether they exist elsewhere or not. */
export const PERSON_OUTSIDE_AREA = {
  code: "person-not-found",
  message:
    "No person with this ID number in your area. A person who moved here is transferred (迁移) by a supervisor of your area first",
};

/**
 * The frame of every desk form about a person. A person known to the node belongs to their stored area:
 * a caller whose area does not cover it is answered 404 whatever address the body gives, and nothing is
 * written. A person new to the node is added with the address given, which the caller's area must cover
 * (the same 404 otherwise). Only a record that owns identity updates a known person's name and phone; the
 * division never changes here (POST /v1/person-transfers). The change runs in the same transaction, so a
 * refused request leaves nothing behind but the audit of the refusal.
 */
export function atTheDesk<T>(
  c: Context<AppEnv>,
  personInput: PersonInput,
  form: DeskForm,
  change: (step: DeskStep) => Promise<T>,
): Promise<T & { person: PersonRow }> {
  const { config, db } = c.get("services");
  const caller = c.get("caller");
  return refusalsAudited(c, form.entity, { idNumber: personInput.idNumber }, () =>
    withRules(async () => {
      assertInCity(personInput.divisionCode, config.cityCode);
      return db.db.transaction(async (tx) => {
        const ctx = useCaseContext(c, tx);
        const person = await admitPerson(ctx, {
          person: personInput,
          ownsIdentity: form.ownsIdentity ?? false,
          assertCovers: (division) => assertInArea(caller, division, PERSON_OUTSIDE_AREA),
        });
        const result = await change({ tx, ctx, person, districtCode: districtOf(person.divisionCode) });
        return { ...result, person };
      });
    }),
  );
}

/**
 * Runs `body`; when it is refused because a person or record lies outside the caller's area, audits the
 * refused attempt (action deny, written after the refused transaction rolled back) and lets the 404 through.
 * `named`: the record the request named by id, or the ID number of the person a form named.
 */
export async function refusalsAudited<T>(
  c: Context<AppEnv>,
  entity: string,
  named: { entityId: string } | { idNumber: string },
  body: () => Promise<T>,
): Promise<T> {
  try {
    return await body();
  } catch (e) {
    const cause = (e as { cause?: unknown })?.cause;
    const refused = e instanceof OutsideAreaError ? e : cause instanceof OutsideAreaError ? cause : undefined;
    if (refused) await auditRefusal(c, entity, named, refused.personId);
    throw e;
  }
}

async function auditRefusal(
  c: Context<AppEnv>,
  entity: string,
  named: { entityId: string } | { idNumber: string },
  personId: string | undefined,
): Promise<void> {
  const { db, vault } = c.get("services");
  const byIdNumber = "idNumber" in named ? named.idNumber : undefined;
  const known =
    !personId && byIdNumber
      ? await findPersonByIdNumber({ db: db.db, vault }, { idNumber: byIdNumber })
      : undefined;
  await audit(db.db, {
    staffId: c.get("caller").staffId,
    action: "deny",
    entity,
    // A form names no record yet: the person key (the keyed hash, never the ID number) stands for it.
    entityId: byIdNumber ? personKeyFor(vault, byIdNumber) : (named as { entityId: string }).entityId,
    personId: personId ?? known?.id ?? null,
    purpose: purposeOf(c),
    requestId: c.get("requestId"),
  });
}

/**
 * Other persons a form names by ID number (a zero-employment family's members): each one known to the
 * node must lie in the caller's area (404 otherwise, as for the form's own person); unknown ones are left
 * to the ledger, which adds them in the applicant's division.
 */
export async function assertNamedPersonsInArea(
  c: Context<AppEnv>,
  tx: Database,
  idNumbers: readonly string[],
): Promise<void> {
  const { vault } = c.get("services");
  for (const idNumber of idNumbers) {
    const known = await findPersonByIdNumber({ db: tx, vault }, { idNumber });
    if (known)
      assertInArea(c.get("caller"), known.divisionCode, { ...PERSON_OUTSIDE_AREA, personId: known.id });
  }
}

/** The person as this caller may see them in case work: clear for clerks and supervisors, masked otherwise. */
export function presentForCase(c: Context<AppEnv>, person: PersonRow) {
  const clear = canSeeClearPersonalData(c.get("caller").role, "case");
  return presentPerson(person, c.get("services").vault, clear);
}
