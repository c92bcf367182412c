import { serviceDatabase } from "@pes/sync/db";
import * as schema from "./schema.js";

/** The provincial database (DATABASE_URL, or the embedded PGlite under the data folder), migrated when opened. */
export const { migrationsFolder: MIGRATIONS_FOLDER, open: openAppDatabase } = serviceDatabase(
  schema,
  new URL("./migrations", import.meta.url),
);
