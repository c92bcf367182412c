import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createKafkaProbe } from "@pes/http";
import { TEST_BROKERS } from "@pes/sync/testing";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { openAppDatabase } from "../src/db/index.js";
import { staffWithToken, testServices } from "./support/services.js";

const dataDir = mkdtempSync(join(tmpdir(), "pes-city-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("city-node on the embedded PGlite", () => {
  it("migrates, claims the database for its city and serves /readyz", async () => {
    const db = await openAppDatabase({ databaseUrl: undefined, dataDir, cityCode: "350100" });
    const kafka = createKafkaProbe({ clientId: "city-test", brokers: TEST_BROKERS });
    try {
      expect(db.driver).toBe("pglite");
      const app = createApp(testServices({ cityCode: "350100", cityName: "福州" }, db, kafka));
      expect((await app.request("/readyz")).status).toBe(200);
      const admin = await staffWithToken(db, "city-admin", "350100");
      expect(await (await app.request("/v1/node", { headers: admin.headers })).json()).toMatchObject({
        cityCode: "350100",
      });
    } finally {
      await kafka.close();
      await db.close();
    }
  });
});
