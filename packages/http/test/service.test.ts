import { afterEach, describe, expect, it } from "vitest";
import { freePort, spawnTsx, type TestProcess } from "../src/testing/index.js";

const packageDir = new URL("..", import.meta.url);
let running: TestProcess | undefined;
afterEach(async () => {
  await running?.kill();
});

async function start(fixture: string): Promise<{ service: TestProcess; port: number }> {
  const port = await freePort();
  running = spawnTsx(packageDir, "test/fixtures/service.ts", { FIXTURE: fixture, PORT: String(port) });
  return { service: running, port };
}

const logLines = (output: string) =>
  output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const closedInOrder = [
  { msg: "closed", resource: "opened last", httpAnswers: false },
  { msg: "closed", resource: "opened first", httpAnswers: false },
  { msg: "stopped" },
];

describe("runService", { timeout: 30_000 }, () => {
  it("stops HTTP, closes the resources newest first, ignores a second signal, and exits 0", async () => {
    const { service, port } = await start("normal");
    await service.waitUntil(() => service.output.includes('"msg":"listening"'), "listening");
    service.signal("SIGTERM");
    await service.waitUntil(() => service.output.includes('"msg":"stopping"'), "stopping");
    service.signal("SIGTERM");

    expect(await service.waitForExit("exit after SIGTERM"), service.output).toEqual({
      code: 0,
      signal: null,
    });
    expect(logLines(service.output)).toMatchObject([
      { msg: "listening", service: "fixture", port, fixture: true },
      { msg: "stopping", signal: "SIGTERM" },
      ...closedInOrder,
    ]);
  });

  it("on a signal while start goes on after listen, lets it finish and closes all it opened", async () => {
    const { service, port } = await start("slow-start");
    await service.waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/`)).ok, "HTTP");
    service.signal("SIGTERM");

    expect(await service.waitForExit("exit after SIGTERM"), service.output).toEqual({
      code: 0,
      signal: null,
    });
    expect(logLines(service.output)).toMatchObject([
      { msg: "stopping", signal: "SIGTERM" },
      { msg: "listening", port },
      ...closedInOrder,
    ]);
  });

  it("logs an EnvError by its message alone and exits 1", async () => {
    const { service } = await start("bad-env");
    expect(await service.waitForExit("exit")).toEqual({ code: 1, signal: null });
    expect(logLines(service.output)).toMatchObject([
      { level: "error", msg: "invalid environment: PORT: must be a port number" },
    ]);
  });

  it.each([
    ["failing-start", "the database is down"],
    ["no-listen", "start() returned without calling listen(app)"],
  ])("logs any other start-up failure (%s) with its cause and exits 1", async (fixture, message) => {
    const { service } = await start(fixture);
    expect(await service.waitForExit("exit")).toEqual({ code: 1, signal: null });
    expect(logLines(service.output)).toMatchObject([{ level: "error", msg: "start-up failed", message }]);
  });
});
