/**
 * The conformance kit (conformance/records/<name>/v<n>.json): sample records of every record version
 * with the verdict the platform gives each, so a node written in another language can test its own
 * validation before it connects. Written by `pnpm --filter @pes/schemas conformance`; see the README.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PesCheck } from "./checks.js";
import type { DEAD_LETTER_REASONS } from "./dead-letter.js";

export const CONFORMANCE_RECORDS_DIR = fileURLToPath(new URL("../conformance/records", import.meta.url));

export type ConformanceVerdict =
  | { verdict: "accepted" }
  | {
      verdict: "dead-lettered";
      /** pes_dlq_reason */
      reason: keyof typeof DEAD_LETTER_REASONS;
      /** pes_dlq_field_path: where the first problem is */
      fieldPath: string;
      /** pes_dlq_code: the hub's rule, for a handler-rejected record */
      code?: string;
      /** The check beyond JSON Schema (x-pes-checks) that refuses it; absent when the JSON Schema does */
      check?: PesCheck;
    };

export interface ConformanceCase {
  /** Unique in its file: what was changed from the sample, e.g. `person.idNumber = "…"`. */
  name: string;
  /** One line: why the verdict is what it is. */
  why: string;
  /** The record as the value on the topic carries it before it is sealed. */
  record: unknown;
  expected: ConformanceVerdict;
  /** What a JSON Schema validator makes of the record with the generated schema. */
  jsonSchema: "accepts" | "refuses";
}

export interface ConformanceFile {
  record: string;
  version: number;
  /** The ce_type the record travels under. */
  ceType: string;
  /** The generated JSON Schema, relative to this file. */
  jsonSchema: string;
  /** Where a producer publishes it, the ce_source it publishes as, and who reads it. */
  topic: string;
  source: string;
  reader: string;
  /** Whose verdict `expected` is. */
  verdictOf: string;
  /** The person keys of the records are made with this secret (never a deployment's). */
  personKeySecret: string;
  cases: ConformanceCase[];
}

/** Every file of the kit as committed, by its path under conformance/records. */
export function readConformanceKit(dir = CONFORMANCE_RECORDS_DIR): Map<string, ConformanceFile> {
  const files = new Map<string, ConformanceFile>();
  for (const name of readdirSync(dir).sort())
    for (const version of readdirSync(join(dir, name)).sort())
      files.set(
        `${name}/${version}`,
        JSON.parse(readFileSync(join(dir, name, version), "utf8")) as ConformanceFile,
      );
  return files;
}
