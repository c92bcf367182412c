import { DomainError } from "@pes/core";
import type { Database } from "@pes/sync/db";
import { eq } from "drizzle-orm";
import { difficultyRecognitions } from "../../db/tables/difficulty.js";
import { persons } from "../../db/tables/persons.js";
import { assertInArea, type StaffScope } from "../../domain/index.js";

/** One application with its person, locked for the decision, if the caller's area covers the person; 404 otherwise. */
export async function loadRecognitionForUpdate(db: Database, id: string, caller: StaffScope) {
  const [found] = await db
    .select({ row: difficultyRecognitions, person: persons })
    .from(difficultyRecognitions)
    .innerJoin(persons, eq(persons.id, difficultyRecognitions.personId))
    .where(eq(difficultyRecognitions.id, id))
    .for("update", { of: difficultyRecognitions });
  const notFound = { code: "recognition-not-found", message: `No difficulty recognition ${id}` };
  if (!found) throw new DomainError("not_found", notFound.code, notFound.message);
  assertInArea(caller, found.person.divisionCode, { ...notFound, personId: found.person.id });
  return found;
}
