import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contractFiles, GENERATED_DIR, staleContractFiles } from "../scripts/contract.js";
import { allRecords } from "../src/index.js";

describe("generated contract", () => {
  it("is up to date (run `pnpm --filter @pes/schemas contract` if not)", () => {
    expect(staleContractFiles()).toEqual([]);
  });

  it("is deterministic", () => {
    expect([...contractFiles()]).toEqual([...contractFiles()]);
    for (const content of contractFiles().values()) expect(content.endsWith("\n")).toBe(true);
  });

  it("has one JSON Schema per record, identified by its dataschema URI", () => {
    for (const r of allRecords) {
      const schema = JSON.parse(
        readFileSync(join(GENERATED_DIR, `json-schema/${r.name}.v${r.version}.json`), "utf8"),
      );
      expect(schema.$id).toBe(r.dataschema);
      expect(schema.title).toContain(r.titleZh);
      expect(schema.type).toBe("object");
      // A receipt acknowledges a record and is none: no revision, no city.
      const base = r.name === "flowback-receipt" ? ["id"] : ["id", "revision", "cityCode", "recordedAt"];
      expect(schema.required).toEqual(expect.arrayContaining(base));
    }
  });
});
