import { randomUUID } from "node:crypto";
import { describeServiceProcess, freePort, spawnTsx } from "@pes/http/testing";
import { sourceOf } from "@pes/schemas";
import { createTestDatabase, TEST_BROKERS, testTrustEnv } from "@pes/sync/testing";
import { describe, expect, it } from "vitest";
import { SERVICE } from "../src/env.js";

describeServiceProcess({
  service: SERVICE,
  appDir: new URL("..", import.meta.url),
  // Its own consumer group: other tests run nodes of 350200 on other databases at the same time. The
  // city's test keys, and the province's public keys (it verifies the flow-back).
  env: {
    CITY_CODE: "350200",
    PES_CONSUMER_GROUP: `process-test-${randomUUID()}`,
    ...testTrustEnv(sourceOf.city("350200"), [sourceOf.province()]),
  },
});

describe("city-node keys", { timeout: 90_000 }, () => {
  it("refuses to start on keys that cannot sign as its city, saying so", async () => {
    const testDb = await createTestDatabase("citynokey");
    try {
      const app = spawnTsx(new URL("..", import.meta.url), "src/main.ts", {
        CITY_CODE: "350200",
        PORT: String(await freePort()),
        DATABASE_URL: testDb.url,
        KAFKA_BROKERS: TEST_BROKERS.join(","),
        // 泉州's keys given to 厦门's node.
        ...testTrustEnv(sourceOf.city("350500"), [sourceOf.city("350200"), sourceOf.province()]),
      });
      const exit = await app.waitForExit("the node to refuse to start", 60_000);
      expect(exit.code, app.output).toBe(1);
      expect(app.output).toContain("PES_KEYS: holds no signing key of /city/350200");
      expect(app.output).not.toContain('"msg":"listening"');
    } finally {
      await testDb.drop();
    }
  });
});
