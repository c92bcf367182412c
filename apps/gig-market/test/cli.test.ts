import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { sourceOf } from "@pes/schemas";
import { testTrustEnv } from "@pes/sync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type GigApp, testApp } from "./support/index.js";

let gig: GigApp;
beforeAll(async () => {
  gig = await testApp("cli");
});
afterAll(async () => gig?.close());

const cli = fileURLToPath(new URL("../src/cli/create-market.ts", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
const run = promisify(execFile);
// The deployment holds the keys of the markets the tests create (pnpm enrol market makes them).
const env = () => ({
  ...process.env,
  DATABASE_URL: gig.url,
  NODE_ENV: "test",
  ...testTrustEnv([sourceOf.gig("xm-huli-gig"), sourceOf.gig("xm-x-gig")], [sourceOf.province()]),
});
const HULI = ["--id", "xm-huli-gig", "--name", "湖里零工市场", "--city", "350200", "--district", "350206"];

describe("the market CLI", () => {
  it("creates a market and prints its first key once, which the API accepts", async () => {
    // As pnpm runs it: `pnpm --filter @pes/gig-market market -- --id …` passes the "--" on.
    const { stdout } = await run(tsx, [cli, "--", ...HULI], { env: env() });
    expect(stdout).toContain("market xm-huli-gig created");
    const key = /key \(shown once, keep it secret\): (\S+)/.exec(stdout)?.[1];
    expect(key).toMatch(/^pes_gm_/);
    const market = await gig.get("/v1/market", bearer(key!));
    expect(market.status).toBe(200);
    expect(market.body).toMatchObject({
      id: "xm-huli-gig",
      name: "湖里零工市场",
      cityCode: "350200",
      districtCode: "350206",
    });
    const keys = await gig.get("/v1/keys", bearer(key!));
    expect(keys.body.items).toMatchObject([{ label: "first key", current: true }]);
  });

  it("refuses a market that exists already (exit 1), printing no key", async () => {
    const failed = await run(tsx, [cli, ...HULI], { env: env() }).catch((e) => e);
    expect(failed).toMatchObject({ code: 1 });
    expect(failed.stderr).toMatch(/exists already/);
    expect(failed.stdout).not.toMatch(/pes_gm_/);
  });

  it.each([
    ["no arguments", []],
    ["a bad market id", ["--id", "XM Siming", "--name", "x", "--city", "350200"]],
    [
      "a district of another city",
      ["--id", "xm-x-gig", "--name", "x", "--city", "350200", "--district", "350582"],
    ],
  ])("refuses %s (exit 2) saying why", async (_, args) => {
    const failed = await run(tsx, [cli, ...args], { env: env() }).catch((e) => e);
    expect(failed).toMatchObject({ code: 2 });
    expect(failed.stderr).toMatch(/usage: --id/);
  });
});
