import { DomainError } from "@pes/core";
import { eq } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { persons } from "../../db/tables/persons.js";
import { assertInArea } from "../../domain/index.js";
import type { PersonRow } from "../persons/store.js";
import type { IntakeContext } from "./types.js";

type PersonLedger = PgTable & { id: AnyPgColumn; personId: AnyPgColumn };

/**
 * A record about a person by id, with its person, locked for a change: 404 `notFound` when there is
 * none, and the same 404 (OutsideAreaError, for the audit of the refusal) when the caller's area does
 * not cover the person.
 */
export async function loadPersonRecord<T extends PersonLedger>(
  ctx: IntakeContext,
  table: T,
  id: string,
  notFound: { code: string; message: string },
): Promise<{ row: T["$inferSelect"]; person: PersonRow }> {
  const [found] = (await ctx.db
    .select({ row: table as PgTable, person: persons })
    .from(table as PgTable)
    .innerJoin(persons, eq(persons.id, table.personId))
    .where(eq(table.id, id))
    .for("update", { of: table as PgTable })) as unknown as { row: T["$inferSelect"]; person: PersonRow }[];
  if (!found) throw new DomainError("not_found", notFound.code, notFound.message);
  assertInArea(ctx.caller, found.person.divisionCode, { ...notFound, personId: found.person.id });
  return found;
}

/** The not-found answer of a record kind, e.g. "training-record-not-found". */
export const notFoundOf = (kind: string, id: string) => ({
  code: `${kind}-not-found`,
  message: `No ${kind} ${id}`,
});
