import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { z } from "zod";
import type { DefinedRecord } from "../src/definition.js";
import { allRecords } from "../src/records/index.js";
import { asyncApiDocument } from "./asyncapi.js";

export const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const GENERATED_DIR = join(PACKAGE_DIR, "generated");

type Json = Record<string, unknown>;

/** The record's JSON Schema as a consumer should accept it: unknown fields allowed, for forward compatibility. */
export function recordJsonSchema(definition: DefinedRecord): Json {
  const { $schema, ...body } = z.toJSONSchema(definition.schema, { target: "draft-2020-12", io: "input" });
  return {
    $schema,
    $id: definition.dataschema,
    title: `${definition.title} (${definition.titleZh})`,
    "x-cloudevents-type": definition.ceType,
    ...body,
  };
}

const fileOf = (definition: DefinedRecord) => `json-schema/${definition.name}.v${definition.version}.json`;

/** Every generated file, path relative to generated/, with its exact content. */
export function contractFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const r of allRecords) files.set(fileOf(r), `${JSON.stringify(recordJsonSchema(r), null, 2)}\n`);
  files.set(
    "asyncapi.yaml",
    stringify(asyncApiDocument(PACKAGE_DIR), { lineWidth: 0, aliasDuplicateObjects: false }),
  );
  return files;
}

/** Files that differ from what the schemas generate, are missing, or are left over; empty when up to date. */
export function staleContractFiles(dir = GENERATED_DIR): string[] {
  const expected = contractFiles();
  const stale: string[] = [];
  for (const [path, content] of expected) {
    let actual: string | undefined;
    try {
      actual = readFileSync(join(dir, path), "utf8");
    } catch {
      actual = undefined;
    }
    if (actual !== content) stale.push(path);
  }
  for (const path of listFiles(dir)) if (!expected.has(path)) stale.push(path);
  return stale;
}

export function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)))
      .sort();
  } catch {
    return [];
  }
}
