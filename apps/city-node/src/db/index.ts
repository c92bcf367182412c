import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DatabaseHandle, openServiceDatabase } from "@pes/sync/db";
import type { Config } from "../env.js";
import { claimNode } from "./node-info.js";
import * as schema from "./schema.js";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));

/**
 * Opens DATABASE_URL (or the embedded PGlite under the data folder), applies the migrations and
 * claims the database for this node's city.
 */
export async function openAppDatabase(
  config: Pick<Config, "databaseUrl" | "dataDir" | "cityCode">,
): Promise<DatabaseHandle> {
  return openServiceDatabase({
    url: config.databaseUrl,
    dataDir: join(config.dataDir, "pglite"),
    schema,
    migrationsFolder: MIGRATIONS_FOLDER,
    prepare: (handle) => claimNode(handle.db, config.cityCode),
  });
}
