import { createTestDatabase, TEST_BROKERS } from "@pes/sync/testing";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, spawnTsx, type TestProcess } from "./child.js";

export interface ServiceProcessOptions {
  /** The name the app logs under, e.g. "province-hub". */
  service: string;
  /** The app's folder, holding src/main.ts and tsx in its node_modules: new URL("..", import.meta.url). */
  appDir: URL;
  /** What the app needs besides PORT, DATABASE_URL and KAFKA_BROKERS, e.g. CITY_CODE. */
  env?: Record<string, string>;
}

/** The app as it runs in production: its own process, a real database and broker, stopped by SIGTERM. */
export function describeServiceProcess(opts: ServiceProcessOptions): void {
  // Compiling with tsx, migrating and joining Kafka, then stopping: many seconds on a busy machine.
  describe(`${opts.service} as a process`, { timeout: 90_000 }, () => {
    let running: TestProcess | undefined;
    let testDb: Awaited<ReturnType<typeof createTestDatabase>> | undefined;

    afterAll(async () => {
      await running?.kill();
      await testDb?.drop();
    });

    it("starts with `node --import tsx src/main.ts`, answers /healthz, and exits 0 on SIGTERM", async () => {
      testDb = await createTestDatabase(`${opts.service}proc`);
      const port = await freePort();
      const app = spawnTsx(opts.appDir, "src/main.ts", {
        ...opts.env,
        PORT: String(port),
        DATABASE_URL: testDb.url,
        KAFKA_BROKERS: TEST_BROKERS.join(","),
      });
      running = app;
      await app.waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, "/healthz");
      // Start-up may go on after HTTP answers (Kafka consumers joining their group); stop a started service.
      await app.waitUntil(() => app.output.includes('"msg":"listening"'), "the listening line");
      // Ready once its database and broker answer: under load the broker probe may still be failing
      // when the listening line is out, so wait for readiness (with a deadline), do not race it.
      await app.waitUntil(
        async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200,
        "/readyz answering 200",
        60_000,
      );

      app.signal("SIGTERM");
      expect(await app.waitForExit("exit after SIGTERM"), app.output).toEqual({
        code: 0,
        signal: null,
      });
      expect(app.output).toContain('"msg":"stopped"');
    });
  });
}
