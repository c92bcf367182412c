// Sums the vitest JSON reports of every package into one closing line: "tests: N passed, N failed".
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
// Every workspace (pnpm-workspace.yaml): apps/*, packages/* and infra/demo.
for (const group of ["apps", "packages", "infra"]) {
  for (const pkg of readdirSync(join(root, group))) {
    const file = join(root, group, pkg, "test-results", "vitest.json");
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, "utf8"));
    reports += 1;
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + r.numTodoTests;
    console.log(`  ${group}/${pkg}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  }
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(reports > 0 && failed === 0 && passed > 0 ? 0 : 1);
