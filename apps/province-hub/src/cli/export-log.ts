#!/usr/bin/env tsx
// Issue 16 #1: exports the hub's evidence log for an auditor (the same env as the service):
//   pnpm --filter @pes/province-hub export-log <file.jsonl>
// JSON lines: a header with the hub's registered signing keys, every entry, every signed checkpoint.
// A checkpoint over the last entry is signed first, so the whole export is vouched for.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { openAppDatabase } from "../db/index.js";
import { loadConfig } from "../env.js";
import { evidenceHeader, evidenceSigner, provinceTrust } from "../trust.js";
import { checkpointIfDue } from "../use-cases/evidence/checkpoint.js";
import { exportEvidence } from "../use-cases/evidence/export.js";

const target = process.argv[2];
if (!target) {
  console.error("usage: pnpm --filter @pes/province-hub export-log <file.jsonl>");
  process.exit(2);
}
const config = loadConfig();
const trust = provinceTrust();
const handle = await openAppDatabase(config);
try {
  await checkpointIfDue(handle.db, evidenceSigner(trust), { everyEntries: 1, everyMs: 0 }, new Date(), true);
  const lines = await exportEvidence(handle.db, evidenceHeader(trust));
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), target);
  writeFileSync(file, `${lines.join("\n")}\n`);
  console.log(`${file}: ${lines.length - 1} lines (entries and checkpoints)`);
} finally {
  await handle.close();
}
