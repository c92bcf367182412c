import type { FujianCityCode } from "@pes/schemas";
import { rowsOf } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import { createTestDatabase } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { openAppDatabase } from "../../src/db/index.js";
import { XIAMEN } from "./config.js";

/** Opens (and migrates, and claims for `cityCode`) the node database at `url`, as the node does at start. */
export const openTestDatabase = (
  url: string,
  cityCode: FujianCityCode = XIAMEN.cityCode,
): Promise<DatabaseHandle> => openAppDatabase({ databaseUrl: url, dataDir: "/nonexistent", cityCode });

/** A fresh node database of `cityCode` on the test PostgreSQL, migrated and claimed; close() drops it. */
export async function testDatabase(label: string, cityCode: FujianCityCode = XIAMEN.cityCode) {
  const testDb = await createTestDatabase(label);
  const db = await openTestDatabase(testDb.url, cityCode);
  async function rows<T>(query: string): Promise<T[]> {
    return rowsOf<T>(await db.db.execute(sql.raw(query)));
  }
  return {
    db,
    url: testDb.url,
    rows,
    async count(table: string): Promise<number> {
      return (await rows<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;
    },
    async close() {
      await db.close();
      await testDb.drop();
    },
  };
}
export type TestDatabase = Awaited<ReturnType<typeof testDatabase>>;
