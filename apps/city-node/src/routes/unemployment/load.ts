import { DomainError } from "@pes/http";
import type { Database } from "@pes/sync/db";
import { eq } from "drizzle-orm";
import { persons } from "../../db/tables/persons.js";
import { unemploymentRegistrations } from "../../db/tables/registrations.js";
import { assertCanAccess, type StaffScope } from "../../domain/index.js";

/** One registration with its person, if the caller's jurisdiction covers the person; 404 otherwise. */
export async function loadRegistration(db: Database, id: string, caller: StaffScope, forUpdate = false) {
  const query = db
    .select({ row: unemploymentRegistrations, person: persons })
    .from(unemploymentRegistrations)
    .innerJoin(persons, eq(persons.id, unemploymentRegistrations.personId))
    .where(eq(unemploymentRegistrations.id, id));
  const [found] = forUpdate ? await query.for("update") : await query;
  if (!found)
    throw new DomainError("not_found", "registration-not-found", `No unemployment registration ${id}`);
  assertCanAccess(caller, found.person.divisionCode);
  return found;
}
