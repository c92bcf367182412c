import { chinaDate } from "@pes/core";
import type { IsoDate } from "@pes/schemas";
import type { Database } from "@pes/sync/db";
import { and, eq, gt, isNotNull, isNull, or, sql } from "drizzle-orm";
import { keyGroupMemberships } from "../../db/tables/key-groups.js";
import { unemploymentRegistrations } from "../../db/tables/registrations.js";
import { type InternshipFacts, internshipViolation, throwIfViolated } from "../../domain/index.js";
import type { PersonRow } from "../persons/store.js";

/** The service type of an internship offer (推荐见习); the 131 tracker counts it as its training-or-internship part. */
export const INTERNSHIP_SERVICE = "internship-placement";

/**
 * What the node's ledgers say of `person` on `on`: the graduation dates of their college-graduate
 * ledger lines, and whether a registration of this node was registered on that day (registeredOn on
 * or before it, not closed by it).
 */
export async function internshipFacts(
  tx: Database,
  person: PersonRow,
  on: IsoDate,
): Promise<InternshipFacts> {
  const m = keyGroupMemberships;
  const lines = await tx
    .select({ graduatedOn: sql<string | null>`${m.data}->>'graduatedOn'` })
    .from(m)
    .where(and(eq(m.personId, person.id), eq(m.group, "college-graduate")));
  const u = unemploymentRegistrations;
  const registeredOn = sql<string>`${u.data}->>'registeredOn'`;
  const [registered] = await tx
    .select({ id: u.id })
    .from(u)
    .where(
      and(
        eq(u.personId, person.id),
        isNotNull(registeredOn),
        sql`${registeredOn} <= ${on}`,
        or(isNull(u.closedOn), gt(u.closedOn, on)),
      ),
    )
    .limit(1);
  return {
    birthDate: person.birthDate,
    graduatedOn: lines.flatMap((l) => (l.graduatedOn ? [l.graduatedOn] : [])),
    registeredUnemployed: registered !== undefined,
  };
}

/**
 * 就业见习 only for a graduate within 2 years of leaving school or registered unemployed youth aged
 * 16–24, on the day of the offer (`at`, read as China's date); 422 "not-eligible-for-internship" at
 * `field` otherwise.
 */
export async function assertEligibleForInternship(
  tx: Database,
  person: PersonRow,
  at: string,
  field: string,
): Promise<void> {
  const on = chinaDate(new Date(at));
  const violation = internshipViolation(await internshipFacts(tx, person, on), on, field);
  throwIfViolated(
    "not-eligible-for-internship",
    `The person cannot be placed in an internship (就业见习) on ${on}`,
    violation ? [violation] : [],
  );
}
