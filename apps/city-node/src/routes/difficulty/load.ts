import { DomainError } from "@pes/http";
import type { Database } from "@pes/sync/db";
import { eq } from "drizzle-orm";
import { difficultyRecognitions } from "../../db/tables/difficulty.js";
import { persons } from "../../db/tables/persons.js";
import { assertCanAccess, type StaffScope } from "../../domain/index.js";

/** One application with its person, locked for the decision, if the caller's jurisdiction covers the person. */
export async function loadRecognitionForUpdate(db: Database, id: string, caller: StaffScope) {
  const [found] = await db
    .select({ row: difficultyRecognitions, person: persons })
    .from(difficultyRecognitions)
    .innerJoin(persons, eq(persons.id, difficultyRecognitions.personId))
    .where(eq(difficultyRecognitions.id, id))
    .for("update", { of: difficultyRecognitions });
  if (!found) throw new DomainError("not_found", "recognition-not-found", `No difficulty recognition ${id}`);
  assertCanAccess(caller, found.person.divisionCode);
  return found;
}
