import type { KafkaProbe } from "@pes/http";
import { describeServiceConformance } from "@pes/http/testing";
import type { DatabaseHandle } from "@pes/sync/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { MIGRATIONS_FOLDER, openAppDatabase } from "../src/db/index.js";
import { SERVICE } from "../src/env.js";
import {
  openTestDatabase,
  staffWithToken,
  type TestDatabase,
  testDatabase,
  testServices,
} from "./support/index.js";

const config = { cityCode: "350200", cityName: "厦门" } as const;
const openCityDatabase = (opts: { databaseUrl: string | undefined; dataDir: string }) =>
  openAppDatabase({ ...opts, cityCode: config.cityCode });

describeServiceConformance({
  service: SERVICE,
  openDatabase: openCityDatabase,
  migrationsFolder: MIGRATIONS_FOLDER,
  makeApp: ({ db, kafka }) => createApp(testServices(config, db, kafka)),
  openapiPaths: ["/v1/node"],
  docsTitle: "City node 厦门 350200",
  async checkEmbedded(app, db) {
    const admin = await staffWithToken(db, "city-admin", config.cityCode);
    const res = await app.request("/v1/node", { headers: admin.headers });
    expect(await res.json()).toMatchObject({ cityCode: config.cityCode });
  },
});

describe("city-node's database belongs to one city", () => {
  let testDb: TestDatabase;
  let db: DatabaseHandle;
  // /v1/node reads the database only; readiness is the conformance suite's concern.
  const kafka: KafkaProbe = { check: async () => {}, close: async () => {} };

  beforeAll(async () => {
    testDb = await testDatabase("city");
    db = testDb.db;
  });

  afterAll(async () => testDb?.close());

  it("says which city it serves, to an authenticated caller only", async () => {
    const app = createApp(testServices(config, db, kafka));
    expect((await app.request("/v1/node")).status).toBe(401);
    const clerk = await staffWithToken(db, "clerk", "350203");
    const res = await app.request("/v1/node", { headers: clerk.headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ cityCode: "350200", cityName: "厦门" });
  });

  it("refuses a database that belongs to another city, and accepts its own again", async () => {
    await expect(openTestDatabase(testDb.url, "350100")).rejects.toThrow(
      /belongs to the city node of 350200, but CITY_CODE is 350100/,
    );
    const again = await openTestDatabase(testDb.url);
    await again.close();
  });
});
