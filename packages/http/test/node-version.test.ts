import { describe, expect, it } from "vitest";
import { spawnTsx } from "../src/testing/child.js";

// infra/scripts/lib.sh (ensure_node) sets PES_NODE_MAJOR and puts that Node first on PATH, so
// `npm test` runs vitest, its workers and every process the tests spawn on it. Run by hand
// (vitest without the script), any Node will do: the check is skipped.
const want = Number(process.env.PES_NODE_MAJOR ?? 0);
const major = (version: string) => Number(version.split(".")[0]);

describe.skipIf(!want)(`Node ${want} under the project's scripts`, () => {
  it("runs the tests on it", () => {
    expect(major(process.versions.node), process.execPath).toBeGreaterThanOrEqual(want);
  });

  it("runs the processes the tests spawn (the services' way: node --import tsx) on the same binary", async () => {
    const child = spawnTsx(new URL("..", import.meta.url), "test/fixtures/node-version.ts", {});
    const exit = await child.waitForExit("the fixture to exit", 60_000);
    expect(exit.code, child.output).toBe(0);
    const seen = JSON.parse(child.output.trim().split("\n").at(-1) ?? "{}") as {
      node: string;
      execPath: string;
    };
    expect(major(seen.node)).toBeGreaterThanOrEqual(want);
    expect(seen.execPath).toBe(process.execPath);
  });
});
