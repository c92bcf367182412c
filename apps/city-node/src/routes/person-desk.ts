import type { Context } from "hono";
import type { AppEnv } from "../context.js";
import { canSeeClearPersonalData } from "../domain/index.js";
import { auditRefusal, type Named, refusedOutsideArea } from "../use-cases/intake/index.js";
import { type PersonRow, presentPerson } from "../use-cases/persons/store.js";
import { intakeContext } from "./intake.js";

/**
 * Runs `body`; when it is refused because a person or record lies outside the caller's area, audits the
 * refused attempt (action deny, written after the refused transaction rolled back) and lets the 404 through.
 * `named`: the record the request named by id, or the ID number of the person a form named.
 */
export async function refusalsAudited<T>(
  c: Context<AppEnv>,
  entity: string,
  named: Named,
  body: () => Promise<T>,
): Promise<T> {
  try {
    return await body();
  } catch (e) {
    const refused = refusedOutsideArea(e);
    if (refused) await auditRefusal(intakeContext(c, c.get("services").db.db), entity, named, refused);
    throw e;
  }
}

/** The person as this caller may see them in case work: clear for clerks and supervisors, masked otherwise. */
export function presentForCase(c: Context<AppEnv>, person: PersonRow) {
  const clear = canSeeClearPersonalData(c.get("caller").role, "case");
  return presentPerson(person, c.get("services").vault, clear);
}
