import { describe, expect, it } from "vitest";
import { scriptArgs } from "../src/service.js";

describe("scriptArgs", () => {
  it("drops the '--' pnpm passes on, and only that", () => {
    expect(scriptArgs(["node", "cli.ts", "--", "--admin", "王主任"])).toEqual(["--admin", "王主任"]);
    expect(scriptArgs(["node", "cli.ts", "--admin", "王主任"])).toEqual(["--admin", "王主任"]);
    expect(scriptArgs(["node", "cli.ts", "--admin", "--", "x"])).toEqual(["--admin", "--", "x"]);
  });
});
