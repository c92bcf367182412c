import { randomUUID } from "node:crypto";
import { describeServiceProcess, freePort, spawnTsx } from "@pes/http/testing";
import { sourceOf } from "@pes/schemas";
import { createTestDatabase, TEST_BROKERS, testTrustEnv } from "@pes/sync/testing";
import { describe, expect, it } from "vitest";
import { SERVICE } from "../src/env.js";

const appDir = new URL("..", import.meta.url);

// Its own consumer group, so a test run never moves the offsets of the service's real group. A
// market's test keys, and the province's public keys (it verifies the flow-back).
describeServiceProcess({
  service: SERVICE,
  appDir,
  env: {
    PES_CONSUMER_GROUP: `process-test-${randomUUID()}`,
    ...testTrustEnv(sourceOf.gig("xm-siming-gig"), [sourceOf.province()]),
  },
});

describe("gig-market keys", { timeout: 90_000 }, () => {
  it("refuses to start on keys that cannot sign as a market it serves, naming the market", async () => {
    const testDb = await createTestDatabase("gignokey");
    try {
      const env = {
        PORT: String(await freePort()),
        DATABASE_URL: testDb.url,
        KAFKA_BROKERS: TEST_BROKERS.join(","),
        PES_CONSUMER_GROUP: `process-test-${randomUUID()}`,
        // The keys of 思明's market only.
        ...testTrustEnv(sourceOf.gig("xm-siming-gig"), [sourceOf.province()]),
      };
      // 湖里's market is added by a deployment holding its keys too; this one holds 思明's only.
      const HULI = ["--id", "xm-huli-gig", "--name", "湖里零工市场", "--city", "350200"];
      const refused = spawnTsx(appDir, "src/cli/create-market.ts", env, HULI);
      expect((await refused.waitForExit("the market refused", 60_000)).code, refused.output).toBe(1);
      expect(refused.output).toContain("enrol the market first");
      const both = {
        ...env,
        ...testTrustEnv([sourceOf.gig("xm-siming-gig"), sourceOf.gig("xm-huli-gig")], [sourceOf.province()]),
      };
      const created = spawnTsx(appDir, "src/cli/create-market.ts", both, HULI);
      expect((await created.waitForExit("the market created", 60_000)).code, created.output).toBe(0);
      const app = spawnTsx(appDir, "src/main.ts", env);
      const exit = await app.waitForExit("the service to refuse to start", 60_000);
      expect(exit.code, app.output).toBe(1);
      expect(app.output).toContain("PES_KEYS: holds no signing key of /gig/xm-huli-gig");
      expect(app.output).not.toContain('"msg":"listening"');
    } finally {
      await testDb.drop();
    }
  });
});
