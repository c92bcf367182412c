/**
 * Freezes the JSON Schema of every record version not yet published: copies generated/json-schema/
 * <name>.v<n>.json to published/<name>/v<n>.json (the path of its dataschema URI). A frozen file is
 * never rewritten: `npm test` (test/evolution.test.ts) fails when a published version's current
 * schema breaks it. Run it once a new version is released, and commit the file.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { allRecords } from "../src/records/index.js";
import { recordJsonSchema } from "./contract.js";
import { publishedPath } from "./published.js";

let frozen = 0;
for (const r of allRecords) {
  const path = publishedPath(r);
  if (existsSync(path)) continue;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(recordJsonSchema(r), null, 2)}\n`);
  // A record type's name and version: the contract's, never a record's content.
  const { name: recordType, version } = r;
  console.log(`froze ${recordType} v${version}`);
  frozen++;
}
console.log(`${frozen} version(s) frozen; published versions are never rewritten`);
