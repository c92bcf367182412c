import type { Database } from "@pes/sync/db";
import { eq } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { difficultyRecognitions } from "../../db/tables/difficulty.js";
import { keyGroupMemberships } from "../../db/tables/key-groups.js";
import { enterpriseLayoffReports } from "../../db/tables/layoff-reports.js";
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
type DivisionLedger = Ledger & { divisionCode: AnyPgColumn };

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

/** …and of each kind not about a person, whose division decides the area it is in. */
const DIVISION_LEDGERS: Record<string, DivisionLedger> = {
  "vacancy-registration": vacancyRegistrations,
  "enterprise-layoff-report": enterpriseLayoffReports,
};

/** A record of the node as the province's feedback needs it: its revision, and whose area it is in. */
export interface NodeRecord {
  revision: number;
  /** The person it is about; null for a vacancy or a layoff report. */
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
  const byDivision = DIVISION_LEDGERS[kind];
  if (byDivision) {
    const [row] = (await db
      .select({ revision: byDivision.revision, divisionCode: byDivision.divisionCode })
      .from(byDivision as PgTable)
      .where(eq(byDivision.id, id))) as Array<{ revision: number; divisionCode: string | null }>;
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
