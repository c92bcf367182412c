/**
 * Builds the conformance kit (src/conformance.ts) from the contract's samples and the systematic
 * invalid variants of test/support/variants.ts: for every record version, its valid samples, invalid
 * records a JSON Schema validator refuses (one per kind of problem), and one record per check beyond
 * JSON Schema that applies to it. The hub's verdict for each is what the hub's test checks it against.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { topicFamilies } from "../src/catalogue.js";
import { PES_CHECKS, type PesCheck } from "../src/checks.js";
import type { ConformanceCase, ConformanceFile, ConformanceVerdict } from "../src/conformance.js";
import type { DefinedRecord } from "../src/definition.js";
import { sourceOf } from "../src/envelope.js";
import { allRecords } from "../src/records/index.js";
import { SAMPLE_PERSON_KEY_SECRET, sampleRecord, sampleRecords } from "../src/samples.js";
import { makeCreditCode } from "../src/values/credit-code.js";
import { variantsOf } from "../test/support/variants.js";
import { listFiles, PACKAGE_DIR, recordJsonSchema } from "./contract.js";

export const CONFORMANCE_DIR = join(PACKAGE_DIR, "conformance", "records");

/** A third party's validator: draft 2020-12 with formats, our extension keywords known as annotations. */
export function thirdPartyValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  addFormats.default(ajv);
  ajv.addVocabulary(["x-cloudevents-type", "x-pes-checks"]);
  return ajv;
}

/** The families whose records the hub ingests, and so judges by its own rules after the contract. */
const INGESTED = new Set(["cityPerson", "cityMaster", "gigEvents"]);
const CITY = "350200";
/** Cases of one kind of JSON Schema problem per record version, and of valid variants. */
const MAX_SCHEMA_CASES = 6;
const MAX_VALID_VARIANTS = 2;
/** The fields every record has (recordObject): tried after the record's own. */
const COMMON_FIELDS = /^(delete )?(id|revision|cityCode|districtCode|recordedAt)\b/;
/** Variants bigger than this (a 5000-character string, 60 repeats) say nothing a smaller one does not. */
const MAX_RECORD_CHARS = 3000;

type Data = Record<string, unknown>;
interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  params?: { check?: string };
}

/**
 * The hub's rules beyond the contract (PES_CHECKS with by: "hub"), each with the change that breaks
 * it and the dead letter it gives (pes_dlq_code, pes_dlq_field_path).
 */
const HUB_RULES: Array<{
  check: PesCheck;
  code: string;
  fieldPath: string;
  applies: (r: Data) => boolean;
  change: string;
  apply: (r: Data) => Data;
}> = [
  {
    check: "person-key",
    code: "person-key-mismatch",
    fieldPath: "person.key",
    applies: (r) => typeof (r.person as Data | undefined)?.idNumber === "string",
    change: 'person.key = "pk_0123456789abcdefghijklmnopqrstuv" wherever it occurs',
    // Everywhere the key occurs (a family's applicant is also one of its members).
    apply: (r) =>
      JSON.parse(
        JSON.stringify(r).replaceAll((r.person as Data).key as string, "pk_0123456789abcdefghijklmnopqrstuv"),
      ) as Data,
  },
  {
    check: "city-matches-topic",
    code: "city-mismatch",
    fieldPath: "cityCode",
    applies: (r) => typeof r.cityCode === "string" && r.marketId === undefined,
    change: 'cityCode = "350100", delete districtCode',
    apply: ({ districtCode: _, ...r }) => ({ ...r, cityCode: "350100" }),
  },
  {
    check: "market-matches-topic",
    code: "market-mismatch",
    fieldPath: "marketId",
    applies: (r) => typeof r.marketId === "string",
    change: 'marketId = "fz-gulou-gig"',
    apply: (r) => ({ ...r, marketId: "fz-gulou-gig" }),
  },
  {
    check: "declared-value-bounds",
    code: "declared-value-out-of-bounds",
    fieldPath: "value",
    applies: (r) => typeof r.indicatorCode === "string" && typeof r.value === "number",
    change: "value = -1",
    apply: (r) => ({ ...r, value: -1 }),
  },
];

/** Every check a JSON Schema names as beyond it, anywhere in it. */
export function declaredChecks(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const s of schema) declaredChecks(s, into);
  else if (schema && typeof schema === "object")
    for (const [k, v] of Object.entries(schema)) {
      if (k === "x-pes-checks" && Array.isArray(v)) for (const c of v) into.add(String(c));
      else declaredChecks(v, into);
    }
  return into;
}

function placeOf(definition: DefinedRecord, sample: Data) {
  const family = topicFamilies[definition.topic];
  const city = typeof sample.cityCode === "string" ? sample.cityCode : CITY;
  const market = typeof sample.marketId === "string" ? sample.marketId : undefined;
  const party = (p: string) =>
    p === "city-node"
      ? sourceOf.city(city)
      : p === "gig-market"
        ? sourceOf.gig(market!)
        : sourceOf.province();
  return {
    topic: family.pattern.replace("{city}", city).replace("{market}", market ?? "{market}"),
    source: party(family.producers[0]!),
    reader: party(family.consumers[0]!),
    verdictOf: INGESTED.has(family.name)
      ? "the province hub's ingest: the consumer runner (signature, seal, contract), then the hub's rules"
      : family.name === "cityReceipts"
        ? "the province hub's receipts consumer: the consumer runner (signature, seal, contract)"
        : "every consumer's runner (signature, seal, contract); the receiver's own rules come after",
  };
}

function fileFor(definition: DefinedRecord, samples: Data[]): ConformanceFile {
  const schema = recordJsonSchema(definition);
  const validate = thirdPartyValidator().compile(schema);
  const jsonSchema = (data: unknown): ConformanceCase["jsonSchema"] =>
    validate(data) ? "accepts" : "refuses";
  const place = placeOf(definition, samples[0]!);
  const cases: ConformanceCase[] = [];
  const names = new Set<string>();
  const add = (c: Omit<ConformanceCase, "jsonSchema">) => {
    if (names.has(c.name)) return;
    names.add(c.name);
    cases.push({ ...c, jsonSchema: jsonSchema(c.record) });
  };
  const accepted: ConformanceVerdict = { verdict: "accepted" };

  for (const [i, record] of samples.entries())
    add({ name: `sample ${i + 1}`, why: "The contract's sample record: valid", record, expected: accepted });
  const variants = samples.flatMap((s) => variantsOf(s, schema));
  const small = variants
    .map((v) => ({ ...v, data: JSON.parse(JSON.stringify(v.data)) as Data }))
    .filter((v) => JSON.stringify(v.data).length <= MAX_RECORD_CHARS);
  const firstIssue = (data: unknown) => {
    const parsed = definition.schema.safeParse(data);
    return parsed.success ? undefined : (parsed.error.issues[0] as Issue);
  };
  const refused = (issue: Issue, check?: PesCheck): ConformanceVerdict => ({
    verdict: "dead-lettered",
    reason: "invalid-record",
    fieldPath: issue.path.join("."),
    ...(check ? { check } : {}),
  });

  // Optional fields left out: still valid.
  let validVariants = 0;
  for (const v of small) {
    if (validVariants >= MAX_VALID_VARIANTS) break;
    if (!v.label.startsWith("delete ") || firstIssue(v.data) || !validate(v.data)) continue;
    add({ name: v.label, why: `${v.label.slice(7)} is optional`, record: v.data, expected: accepted });
    validVariants++;
  }

  // What the JSON Schema refuses: each kind of problem the contract reports once, each on another
  // field, the record's own fields before the ones every record shares.
  const kinds = new Set<string>();
  const fields = new Set<string>();
  const own = (label: string) => (COMMON_FIELDS.test(label) ? 1 : 0);
  for (const v of [...small].sort((a, b) => own(a.label) - own(b.label))) {
    if (kinds.size >= MAX_SCHEMA_CASES) break;
    const issue = firstIssue(v.data);
    const field = String(issue?.path[0]);
    if (!issue || validate(v.data) || kinds.has(issue.code) || fields.has(field)) continue;
    kinds.add(issue.code);
    fields.add(field);
    add({ name: v.label, why: issue.message, record: v.data, expected: refused(issue) });
  }

  // Each check beyond JSON Schema that the contract makes here: a variant that only it refuses.
  const declared = declaredChecks(schema);
  for (const check of declared) {
    if (PES_CHECKS[check as PesCheck]?.by !== "contract") continue;
    const hit = small.find((v) => {
      const issue = firstIssue(v.data);
      return issue?.params?.check === check && validate(v.data);
    });
    if (!hit) continue;
    const issue = firstIssue(hit.data)!;
    add({
      name: hit.label,
      why: `${check}: ${issue.message}`,
      record: hit.data,
      expected: refused(issue, check as PesCheck),
    });
  }

  // The hub's own rules, for what it ingests: records the contract accepts and the hub does not.
  if (place.verdictOf.startsWith("the province hub's ingest"))
    for (const rule of HUB_RULES) {
      const sample = samples[0]!;
      if (!rule.applies(sample)) continue;
      const record = rule.apply(sample);
      if (firstIssue(record) || !validate(record)) continue;
      add({
        name: rule.change,
        why: `${rule.check}: ${PES_CHECKS[rule.check].what}`,
        record,
        expected: {
          verdict: "dead-lettered",
          reason: "handler-rejected",
          fieldPath: rule.fieldPath,
          code: rule.code,
          check: rule.check,
        },
      });
    }

  return {
    record: definition.name,
    version: definition.version,
    ceType: definition.ceType,
    jsonSchema: `../../../generated/json-schema/${definition.name}.v${definition.version}.json`,
    ...place,
    personKeySecret: SAMPLE_PERSON_KEY_SECRET,
    cases,
  };
}

/**
 * Further valid samples with optional fields the sample leaves out, so that the variants reach the
 * checks on those fields too (an end date before its start, a credit code's check character).
 */
const COMPLETED_SAMPLES: Record<string, Data[]> = {
  "employment-registration": [{ endedOn: "2024-06-30" }],
  "key-group-membership": [{ endedOn: "2024-06-30" }],
  "gig-posting": [
    {
      employer: {
        name: "厦门示例科技有限公司",
        creditCode: makeCreditCode({ division: "350203", organisation: "MA31XM0A7" }),
      },
    },
  ],
  "gig-placement": [{ workUntil: "2024-03-17", completedOn: "2024-03-17" }],
  "zero-employment-family": [{ clearedOn: "2024-06-30" }],
};

/** Every file of the kit, path relative to conformance/records, with its exact content. */
export function conformanceFiles(): Map<string, string> {
  const samples = [
    ...sampleRecords(),
    ...Object.entries(COMPLETED_SAMPLES).flatMap(([name, overrides]) =>
      overrides.map((o) => ({ definition: { name }, data: sampleRecord(name, o) })),
    ),
  ];
  const files = new Map<string, string>();
  for (const definition of allRecords) {
    const valid = samples
      .filter((s) => s.definition.name === definition.name && definition.schema.safeParse(s.data).success)
      .map((s) => JSON.parse(JSON.stringify(s.data)) as Data);
    if (valid.length === 0) throw new Error(`no valid sample of ${definition.name} v${definition.version}`);
    const file = fileFor(definition, valid);
    files.set(`${definition.name}/v${definition.version}.json`, `${JSON.stringify(file, null, 2)}\n`);
  }
  return files;
}

/** Files that differ from what the generator makes, are missing, or are left over; empty when up to date. */
export function staleConformanceFiles(dir = CONFORMANCE_DIR): string[] {
  const expected = conformanceFiles();
  const stale = [...expected].filter(([path, content]) => {
    try {
      return readFileSync(join(dir, path), "utf8") !== content;
    } catch {
      return true;
    }
  });
  return [...stale.map(([path]) => path), ...listFiles(dir).filter((path) => !expected.has(path))];
}
