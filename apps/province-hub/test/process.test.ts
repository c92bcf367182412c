import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { createTestDatabase, TEST_BROKERS, waitFor } from "@pes/sync/testing";
import { afterAll, describe, expect, it } from "vitest";

const appDir = fileURLToPath(new URL("..", import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once("exit", (code, signal) => resolve({ code, signal }));
  });
}

let child: ChildProcess | undefined;
let testDb: Awaited<ReturnType<typeof createTestDatabase>> | undefined;

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill("SIGKILL");
    await exitOf(child);
  }
  await testDb?.drop();
});

describe("province-hub as a process", () => {
  it("starts with `tsx src/main.ts`, answers /healthz, and exits 0 on SIGTERM", async () => {
    testDb = await createTestDatabase("hubproc");
    const port = await freePort();
    let output = "";
    child = spawn(fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url)), ["src/main.ts"], {
      cwd: appDir,
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: testDb.url,
        KAFKA_BROKERS: TEST_BROKERS.join(","),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    const exited = exitOf(child);

    const exitedEarly = exited.then((r) => {
      throw new Error(`exited before answering (${JSON.stringify(r)}):\n${output}`);
    });
    exitedEarly.catch(() => {});
    await Promise.race([
      waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, {
        timeoutMs: 30_000,
        what: "/healthz",
      }),
      exitedEarly,
    ]);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status, output).toBe(200);

    child.kill("SIGTERM");
    const result = await Promise.race([
      exited,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no exit after SIGTERM:\n${output}`)), 15_000),
      ),
    ]);
    expect(result, output).toEqual({ code: 0, signal: null });
    expect(output).toContain('"msg":"stopped"');
  });
});
