import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { recordJsonSchema } from "../scripts/contract.js";
import { allRecords, type DefinedRecord, MESSAGE_CHECKS, PES_CHECKS, type PesCheck } from "../src/index.js";
import { sampleRecords } from "../src/samples.js";
import { type Variant, variantsOf } from "./support/variants.js";

/** A third party's validator: draft 2020-12 with formats, our extension keywords known as annotations. */
function thirdPartyValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  addFormats.default(ajv);
  ajv.addVocabulary(["x-cloudevents-type", "x-pes-checks"]);
  return ajv;
}

/** Every check a JSON Schema names as beyond it, anywhere in it. */
function declaredChecks(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const s of schema) declaredChecks(s, into);
  else if (schema && typeof schema === "object")
    for (const [k, v] of Object.entries(schema)) {
      if (k === "x-pes-checks" && Array.isArray(v)) for (const c of v) into.add(String(c));
      else declaredChecks(v, into);
    }
  return into;
}

const ajv = thirdPartyValidator();
/** The checks beyond JSON Schema that some variant ran into: each must be, or the variants miss it. */
const met = new Set<string>();
const samples = sampleRecords();
const samplesFor = (r: DefinedRecord) =>
  samples
    .filter((s) => s.definition.name === r.name && r.schema.safeParse(s.data).success)
    .map((s) => s.data);

describe.each(allRecords.map((r) => [`${r.name} v${r.version}`, r] as const))(
  "JSON Schema of %s",
  (_, record) => {
    const schema = recordJsonSchema(record);
    const validate = ajv.compile(schema);
    const checks = declaredChecks(schema);

    it("accepts the valid samples", () => {
      const valid = samplesFor(record);
      expect(valid.length).toBeGreaterThan(0);
      for (const data of valid) expect(validate(data) ? [] : validate.errors).toEqual([]);
    });

    it("refuses what the contract refuses, unless the refusing check is one it lists in x-pes-checks", () => {
      const gaps: string[] = [];
      let tried = 0;
      for (const sample of samplesFor(record)) {
        for (const variant of variantsOf(sample, schema)) {
          const data: unknown = JSON.parse(JSON.stringify(variant.data));
          const contract = record.schema.safeParse(data);
          if (contract.success || !validate(data)) continue;
          tried++;
          for (const issue of contract.error.issues) {
            const check =
              issue.code === "custom" ? (issue.params as { check?: string } | undefined)?.check : undefined;
            if (!check || !checks.has(check)) gaps.push(describeGap(variant, issue));
            else met.add(check);
          }
        }
      }
      expect(
        [...new Set(gaps)],
        `${tried} variants the JSON Schema accepts but the contract refuses`,
      ).toEqual([]);
    });
  },
);

function describeGap(variant: Variant, issue: { path: PropertyKey[]; code: string; message: string }) {
  return `${variant.label} → ${issue.path.join(".")}: ${issue.code} ${issue.message.slice(0, 80)}`;
}

describe("the checks beyond JSON Schema", () => {
  it("are each met by a variant the JSON Schema accepts (so the variants reach them all)", () => {
    const contractChecks = Object.entries(PES_CHECKS).filter(([, c]) => c.by === "contract");
    expect(contractChecks.map(([name]) => name).filter((name) => !met.has(name))).toEqual([]);
  });

  it("are the only names x-pes-checks uses", () => {
    const used = new Set(allRecords.flatMap((r) => [...declaredChecks(recordJsonSchema(r))]));
    expect([...used].filter((name) => !(name in PES_CHECKS))).toEqual([]);
    const recordChecks = (Object.keys(PES_CHECKS) as PesCheck[]).filter((c) => !MESSAGE_CHECKS.has(c));
    expect(recordChecks.filter((name) => !used.has(name))).toEqual([]);
  });
});

describe("the README", () => {
  it("has a row for every check beyond JSON Schema", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    expect(Object.keys(PES_CHECKS).filter((name) => !readme.includes(`| \`${name}\` |`))).toEqual([]);
  });
});
