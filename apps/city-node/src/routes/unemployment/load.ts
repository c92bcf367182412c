import { DomainError } from "@pes/core";
import type { Database } from "@pes/sync/db";
import { eq } from "drizzle-orm";
import { persons } from "../../db/tables/persons.js";
import { unemploymentRegistrations } from "../../db/tables/registrations.js";
import { assertInArea, type StaffScope } from "../../domain/index.js";

/** One registration with its person, if the caller's area covers the person; 404 otherwise (the same answer as none). */
export async function loadRegistration(db: Database, id: string, caller: StaffScope, forUpdate = false) {
  const query = db
    .select({ row: unemploymentRegistrations, person: persons })
    .from(unemploymentRegistrations)
    .innerJoin(persons, eq(persons.id, unemploymentRegistrations.personId))
    .where(eq(unemploymentRegistrations.id, id));
  const [found] = forUpdate ? await query.for("update") : await query;
  const notFound = { code: "registration-not-found", message: `No unemployment registration ${id}` };
  if (!found) throw new DomainError("not_found", notFound.code, notFound.message);
  assertInArea(caller, found.person.divisionCode, { ...notFound, personId: found.person.id });
  return found;
}
