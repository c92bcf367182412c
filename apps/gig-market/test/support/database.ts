import { rowsOf } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import { createTestDatabase } from "@pes/sync/testing";
import type { sql } from "drizzle-orm";
import { openAppDatabase } from "../../src/db/index.js";

/** The rows of a raw query, on either driver (rowsOf). */
export async function rows<T = Record<string, unknown>>(db: DatabaseHandle, query: ReturnType<typeof sql>) {
  return rowsOf<T>(await db.db.execute(query));
}

/** A fresh market database on the test PostgreSQL, migrated; close() drops it. */
export async function testDatabase(label: string) {
  const testDb = await createTestDatabase(label);
  const db = await openAppDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent" });
  return {
    db,
    url: testDb.url,
    async close() {
      await db.close();
      await testDb.drop();
    },
  };
}
export type TestDatabase = Awaited<ReturnType<typeof testDatabase>>;
