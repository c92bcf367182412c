import { type PiiCipher, sealKeptRecords } from "@pes/sync";
import type { Database } from "@pes/sync/db";

/**
 * Issue 15 #2's one-off, after upgrading: seals what the node kept in clear before it sealed them (a
 * vacancy's contact, a service-needed notice's mobile; src/cli/seal-at-rest.ts); rows changed per table.
 */
export async function sealNodeTablesAtRest(db: Database, cipher: PiiCipher) {
  return {
    vacancy_registrations: await sealKeptRecords(db, cipher, {
      table: "vacancy_registrations",
      key: "id",
      column: "data",
      type: { name: "vacancy-registration" },
    }),
    flowback_notices: await sealKeptRecords(db, cipher, {
      table: "flowback_notices",
      key: "id",
      column: "data",
      type: { column: "type" },
      types: ["service-needed-notice"],
    }),
  };
}
