import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createKafkaProbe } from "@pes/http";
import { TEST_BROKERS } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { openAppDatabase } from "../src/db/index.js";

const dataDir = mkdtempSync(join(tmpdir(), "pes-hub-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("province-hub on the embedded PGlite", () => {
  it("migrates, serves /readyz, and reopens without migrating twice", async () => {
    const first = await openAppDatabase({ databaseUrl: undefined, dataDir });
    expect(first.driver).toBe("pglite");
    const kafka = createKafkaProbe({ clientId: "hub-test", brokers: TEST_BROKERS });
    try {
      const res = await createApp({ db: first, kafka }).request("/readyz");
      expect(res.status).toBe(200);
    } finally {
      await kafka.close();
      await first.close();
    }

    const again = await openAppDatabase({ databaseUrl: undefined, dataDir });
    try {
      const result: unknown = await again.db.execute(
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      // PGlite answers { rows }, postgres.js an array of rows.
      const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
      expect(rows).toEqual([{ n: 1 }]);
    } finally {
      await again.close();
    }
  });
});
