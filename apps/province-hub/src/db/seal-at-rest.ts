import { personalPathsOf, recordDefinitions } from "@pes/schemas";
import { type PiiCipher, sealKeptRecords } from "@pes/sync";
import type { Database } from "@pes/sync/db";

/** The types whose kept record holds personal data besides its person (which hub_records never keeps). */
const TYPES = recordDefinitions
  .map((d) => d.name)
  .filter((name) => personalPathsOf(name).some((path) => !path.startsWith("person.")));

/**
 * Issue 15 #2's one-off, after upgrading: seals what hub_records kept in clear before the hub sealed
 * personal fields as it stores them (src/cli/seal-at-rest.ts); how many rows changed.
 */
export const sealHubRecordsAtRest = (db: Database, cipher: PiiCipher): Promise<number> =>
  sealKeptRecords(db, cipher, {
    table: "hub_records",
    key: "record_id",
    column: "data",
    type: { column: "type" },
    types: TYPES,
  });
