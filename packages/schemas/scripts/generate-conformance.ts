/**
 * Writes the conformance kit (conformance/records) from the samples and their variants.
 * `--check` only compares, and fails naming each stale file.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { CONFORMANCE_DIR, conformanceFiles, staleConformanceFiles } from "./conformance.js";
import { listFiles } from "./contract.js";

const shown = relative(process.cwd(), CONFORMANCE_DIR) || ".";
if (process.argv.includes("--check")) {
  const stale = staleConformanceFiles();
  for (const path of stale) console.error(`stale conformance file: ${join(shown, path)}`);
  if (stale.length > 0) {
    console.error(`run \`pnpm --filter @pes/schemas conformance\` and commit ${shown}`);
    process.exit(1);
  }
  console.log(`conformance kit up to date (${shown})`);
} else {
  const files = conformanceFiles();
  for (const path of listFiles(CONFORMANCE_DIR)) if (!files.has(path)) rmSync(join(CONFORMANCE_DIR, path));
  for (const [path, content] of files) {
    mkdirSync(dirname(join(CONFORMANCE_DIR, path)), { recursive: true });
    writeFileSync(join(CONFORMANCE_DIR, path), content);
  }
  console.log(`wrote ${files.size} files to ${shown}`);
}
