import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CONFORMANCE_DIR,
  declaredChecks,
  staleConformanceFiles,
  thirdPartyValidator,
} from "../scripts/conformance.js";
import { readConformanceKit } from "../src/conformance.js";
import { allRecords, PES_CHECKS, type PesCheck } from "../src/index.js";

const kit = readConformanceKit();
const files = [...kit].map(([path, file]) => [path, file] as const);
const ajv = thirdPartyValidator();
/** The committed JSON Schema a file points at: what a third party validates with. */
const schemaOf = (path: string, relative: string) =>
  JSON.parse(readFileSync(join(CONFORMANCE_DIR, dirname(path), relative), "utf8")) as Record<string, unknown>;

describe("the conformance kit (conformance/records)", () => {
  it("is what the generator makes of the samples and their variants (pnpm --filter @pes/schemas conformance)", {
    timeout: 120_000,
  }, () => {
    expect(staleConformanceFiles()).toEqual([]);
  });

  it("has a file for every version of every record", () => {
    expect([...kit.keys()].sort()).toEqual(allRecords.map((r) => `${r.name}/v${r.version}.json`).sort());
    for (const [path, file] of files) expect(path).toBe(`${file.record}/v${file.version}.json`);
  });

  describe.each(files)("%s", (path, file) => {
    const schema = schemaOf(path, file.jsonSchema);
    const validate = ajv.compile(schema);

    it("has valid cases and several invalid ones, each named once", () => {
      const verdicts = file.cases.map((c) => c.expected.verdict);
      expect(verdicts.filter((v) => v === "accepted").length).toBeGreaterThanOrEqual(1);
      expect(verdicts.filter((v) => v === "dead-lettered").length).toBeGreaterThanOrEqual(3);
      expect(new Set(file.cases.map((c) => c.name)).size).toBe(file.cases.length);
      expect(schema["x-cloudevents-type"]).toBe(file.ceType);
    });

    it("has a case for each check beyond JSON Schema its schema names, that its verdict's consumer makes", () => {
      const judgedByHub = file.verdictOf.startsWith("the province hub's ingest");
      const expected = [...declaredChecks(schema)].filter((c) => {
        const by = PES_CHECKS[c as PesCheck].by;
        return by === "contract" || (by === "hub" && judgedByHub);
      });
      if (judgedByHub)
        expected.push(file.source.startsWith("/gig/") ? "market-matches-topic" : "city-matches-topic");
      const met = new Set(file.cases.flatMap((c) => ("check" in c.expected ? [c.expected.check] : [])));
      expect(expected.filter((c) => !met.has(c as PesCheck))).toEqual([]);
    });

    it("agrees with the JSON Schema: it accepts the valid cases and those only a check beyond it refuses", () => {
      const disagreements = file.cases.flatMap((c) => {
        const accepts = validate(c.record);
        const should = c.expected.verdict === "accepted" || c.expected.check !== undefined;
        const said = c.jsonSchema === "accepts";
        return accepts === should && said === accepts
          ? []
          : [`${c.name}: ajv ${accepts ? "accepts" : "refuses"}, kit says ${c.jsonSchema}`];
      });
      expect(disagreements).toEqual([]);
    });
  });
});
