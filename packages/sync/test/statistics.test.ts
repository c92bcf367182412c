import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../src/db/index.js";
import { rowsOf } from "../src/db/rows.js";
import { analyzeChangedTables } from "../src/db/statistics.js";
import { createTestDatabase } from "../src/testing/index.js";

let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let handle: DatabaseHandle;
beforeAll(async () => {
  testDb = await createTestDatabase("stats");
  handle = await openDatabase({ url: testDb.url });
});
afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});

describe("planner statistics", () => {
  it("analyzes a table that grew from empty when autovacuum is off, and leaves it alone once analyzed", async () => {
    const { db } = handle;
    await db.execute(sql`create table grown (k text primary key, v text)`);
    await db.execute(sql`insert into grown select 'k' || i, 'v' from generate_series(1, 5000) as i`);
    const [{ autovacuum } = { autovacuum: "" }] = rowsOf<{ autovacuum: string }>(
      await db.execute(sql`select current_setting('autovacuum') as autovacuum`),
    );
    const lastAnalyze = async () =>
      rowsOf<{ analyzed: boolean }>(
        await db.execute(
          sql`select last_analyze is not null as analyzed from pg_stat_user_tables where relname = 'grown'`,
        ),
      )[0]?.analyzed;
    if (autovacuum === "off") {
      // A backend reports its changes to the statistics views within a second or so.
      await expect.poll(() => analyzeChangedTables(db), { timeout: 10_000 }).toContain("grown");
      // The statistics counters reach pg_stat_user_tables a moment after the analyze.
      await expect.poll(lastAnalyze, { timeout: 5_000 }).toBe(true);
      expect(await analyzeChangedTables(db)).not.toContain("grown");
    } else {
      expect(await analyzeChangedTables(db)).toEqual([]); // autovacuum keeps them
    }
  });
});
