import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { breakingChanges } from "../scripts/compatibility.js";
import { recordJsonSchema } from "../scripts/contract.js";
import { publishedPath } from "../scripts/published.js";
import { allRecords } from "../src/index.js";

describe.each(allRecords.map((r) => [`${r.name} v${r.version}`, r] as const))("published %s", (_, record) => {
  it("is frozen in published/ (run `pnpm --filter @pes/schemas contract:freeze` for a new version)", () => {
    expect(existsSync(publishedPath(record))).toBe(true);
  });

  it("is not broken by its current schema: a breaking change is a new version", () => {
    const frozen: unknown = JSON.parse(readFileSync(publishedPath(record), "utf8"));
    expect(breakingChanges(frozen, recordJsonSchema(record))).toEqual([]);
  });
});
