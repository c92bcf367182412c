import type { Database } from "@pes/sync/db";
import { eq } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { difficultyRecognitions } from "../../db/tables/difficulty.js";
import { keyGroupMemberships } from "../../db/tables/key-groups.js";
import {
  employmentRegistrations,
  jobSeekerRegistrations,
  unemploymentRegistrations,
  vacancyRegistrations,
} from "../../db/tables/registrations.js";
import { serviceRatings, serviceRecords, trainingRecords } from "../../db/tables/services.js";
import { zeroEmploymentFamilies } from "../../db/tables/zero-employment.js";

type Ledger = PgTable & { id: AnyPgColumn; revision: AnyPgColumn };
type PersonLedger = Ledger & { personId: AnyPgColumn };

/** The ledger of each record kind the node publishes, by the contract's name. */
const PERSON_LEDGERS: Record<string, PersonLedger> = {
  "unemployment-registration": unemploymentRegistrations,
  "employment-registration": employmentRegistrations,
  "job-seeker-registration": jobSeekerRegistrations,
  "key-group-membership": keyGroupMemberships,
  "difficulty-recognition": difficultyRecognitions,
  "zero-employment-family": zeroEmploymentFamilies,
  "service-record": serviceRecords,
  "training-record": trainingRecords,
  "service-rating": serviceRatings,
};

/** A record of the node as the province's feedback needs it: its revision, and whose area it is in. */
export interface NodeRecord {
  revision: number;
  /** The person it is about; null for a vacancy. */
  personId: string | null;
  /** For a record without a person: its division, when it has one. */
  divisionCode: string | null;
}

/** The node's record `id` of kind `kind` (the contract's name), or undefined when it holds none. */
export async function findNodeRecord(
  db: Database,
  kind: string,
  id: string,
): Promise<NodeRecord | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  if (kind === "vacancy-registration") {
    const [row] = await db
      .select({ revision: vacancyRegistrations.revision, divisionCode: vacancyRegistrations.divisionCode })
      .from(vacancyRegistrations)
      .where(eq(vacancyRegistrations.id, id));
    return row && { revision: row.revision, personId: null, divisionCode: row.divisionCode };
  }
  const table = PERSON_LEDGERS[kind];
  if (!table) return undefined;
  const [row] = (await db
    .select({ revision: table.revision, personId: table.personId })
    .from(table as PgTable)
    .where(eq(table.id, id))) as Array<{ revision: number; personId: string }>;
  return row && { revision: row.revision, personId: row.personId, divisionCode: null };
}
