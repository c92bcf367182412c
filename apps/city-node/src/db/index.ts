import { serviceDatabase } from "@pes/sync/db";
import type { Config } from "../env.js";
import { claimNode } from "./node-info.js";
import * as schema from "./schema.js";

const database = serviceDatabase<Pick<Config, "databaseUrl" | "dataDir" | "cityCode">>(
  schema,
  new URL("./migrations", import.meta.url),
  { prepare: (handle, config) => claimNode(handle.db, config.cityCode) },
);

export const MIGRATIONS_FOLDER = database.migrationsFolder;

/**
 * Opens DATABASE_URL (or the embedded PGlite under the data folder), applies the migrations and
 * claims the database for this node's city.
 */
export const openAppDatabase = database.open;
