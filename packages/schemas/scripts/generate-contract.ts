/**
 * Writes the contract files (JSON Schemas and AsyncAPI) from the zod schemas.
 * `--check` only compares, and fails naming each stale file: CI runs it.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { contractFiles, GENERATED_DIR, listFiles, PACKAGE_DIR, staleContractFiles } from "./contract.js";

const shown = (path: string) => relative(process.cwd(), join(GENERATED_DIR, path)) || path;

if (process.argv.includes("--check")) {
  const stale = staleContractFiles();
  if (stale.length > 0) {
    for (const path of stale) console.error(`stale contract file: ${shown(path)}`);
    console.error(
      `run \`pnpm --filter @pes/schemas contract\` and commit ${relative(process.cwd(), GENERATED_DIR)}`,
    );
    process.exit(1);
  }
  console.log(`contract up to date (${relative(process.cwd(), PACKAGE_DIR) || "."}/generated)`);
} else {
  const files = contractFiles();
  for (const path of listFiles(GENERATED_DIR)) if (!files.has(path)) rmSync(join(GENERATED_DIR, path));
  for (const [path, content] of files) {
    mkdirSync(dirname(join(GENERATED_DIR, path)), { recursive: true });
    writeFileSync(join(GENERATED_DIR, path), content);
  }
  console.log(`wrote ${files.size} files to ${shown("")}`);
}
