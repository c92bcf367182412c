import type { Database } from "@pes/sync/db";
import type { Context } from "hono";
import type { AppEnv } from "../app.js";
import { assertCanAccess, canSeeClearPersonalData } from "../domain/index.js";
import type { LedgerContext } from "../ledgers/context.js";
import { type PersonInput, type PersonRow, presentPerson, upsertPerson } from "../persons/store.js";
import { ledgerContext } from "./context.js";
import { withRules } from "./rule-errors.js";
import { assertInCity, districtOf } from "./shared.js";

export interface DeskStep {
  tx: Database;
  ctx: LedgerContext;
  person: PersonRow;
  districtCode: string | undefined;
}

/**
 * The frame of every desk form about a person: the person lies in this city and in the caller's
 * jurisdiction, is added to (or brought up to date in) the ledger, and the change runs in the same
 * transaction, so a refused request leaves nothing behind.
 */
export function atTheDesk<T>(
  c: Context<AppEnv>,
  personInput: PersonInput,
  change: (step: DeskStep) => Promise<T>,
): Promise<T & { person: PersonRow }> {
  const { config, db, vault } = c.get("services");
  const ctx = ledgerContext(c);
  return withRules(async () => {
    assertInCity(personInput.divisionCode, config.cityCode);
    assertCanAccess(c.get("caller"), personInput.divisionCode);
    return db.db.transaction(async (tx) => {
      const person = await upsertPerson(tx, vault, personInput);
      const result = await change({ tx, ctx, person, districtCode: districtOf(personInput.divisionCode) });
      return { ...result, person };
    });
  });
}

/** The person as this caller may see them in case work: clear for clerks and supervisors, masked otherwise. */
export function presentForCase(c: Context<AppEnv>, person: PersonRow) {
  const clear = canSeeClearPersonalData(c.get("caller").role, "case");
  return presentPerson(person, c.get("services").vault, clear);
}
