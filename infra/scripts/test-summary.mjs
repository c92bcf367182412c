// Sums the vitest JSON reports of the workspaces `npm test` ran into one closing line:
// "tests: N passed, N failed". Which workspaces those are is turbo's plan of the test task, with the
// run's own arguments (filters): every workspace with a test script (apps/*, packages/*, infra/demo,
// tests/*). One that left no test-results/vitest.json fails the summary — its tests did not run, or
// died before reporting — rather than the sum passing on the reports present.
// Usage: node infra/scripts/test-summary.mjs [turbo arguments, e.g. --filter=@pes/city-node]
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const plan = JSON.parse(
  execFileSync("corepack", ["pnpm", "exec", "turbo", "run", "test", "--dry=json", ...process.argv.slice(2)], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  }),
);
const expected = plan.tasks
  .filter((t) => t.task === "test" && t.command !== "<NONEXISTENT>")
  .map((t) => t.directory)
  .sort();

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const dir of expected) {
  const file = join(root, dir, "test-results", "vitest.json");
  if (!existsSync(file)) {
    missing.push(dir);
    console.log(`  ${dir}: no report (test-results/vitest.json): its tests did not run or did not finish`);
    continue;
  }
  const r = JSON.parse(readFileSync(file, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
  console.log(`  ${dir}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
}
console.log(
  `tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}` +
    (missing.length ? `; no report from ${missing.join(", ")}` : ""),
);
process.exit(expected.length > 0 && missing.length === 0 && failed === 0 && passed > 0 ? 0 : 1);
