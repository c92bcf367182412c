#!/usr/bin/env tsx
// Issue 16 #1, the auditor's offline check of an exported evidence log (no database, no service):
//   pnpm verify-log <file.jsonl> [--registry registry.json]
// Reports every altered, removed or inserted entry, the first place the chain breaks and any checkpoint
// the hub did not sign; exits 1 when anything is wrong, 2 when the file cannot be read.
// Checkpoints are checked with the hub's keys the file's header names, or with the registry's given.
import { readFileSync } from "node:fs";
import { sourceOf } from "@pes/schemas";
import { registryFromFile, sm2Verify } from "@pes/sync";
import { type LogVerdict, verifyLog } from "../domain/evidence/chain.js";
import { parseExport } from "../domain/evidence/file.js";

function main(args: string[]): number {
  const file = args.find((a) => !a.startsWith("--"));
  const registryAt = args.indexOf("--registry");
  if (!file) {
    console.error("usage: pnpm verify-log <exported log (JSON lines)> [--registry registry.json]");
    return 2;
  }
  let parsed: ReturnType<typeof parseExport>;
  try {
    parsed = parseExport(readFileSync(file, "utf8"));
  } catch (e) {
    console.error(`cannot read ${file}: ${(e as Error).message}`);
    return 2;
  }
  const { header, entries, checkpoints } = parsed;
  let publicKeyOf: (id: string) => string | undefined;
  if (registryAt >= 0 && args[registryAt + 1]) {
    const registry = registryFromFile(args[registryAt + 1]!);
    publicKeyOf = (id) => {
      const key = registry.key(id);
      return key?.source === sourceOf.province() && key.use === "sig" ? key.publicKey : undefined;
    };
  } else {
    const keys = new Map(header.keys.map((k) => [k.id, k.publicKey]));
    publicKeyOf = (id) => keys.get(id);
  }
  const verdict = verifyLog(entries, checkpoints, (statement, signature, keyId) => {
    const publicKey = publicKeyOf(keyId);
    return publicKey !== undefined && sm2Verify(statement, signature, publicKey);
  });
  report(file, verdict);
  return verdict.ok ? 0 : 1;
}

function report(file: string, v: LogVerdict) {
  const span = v.entries ? "" : " (no entries)";
  console.log(`${file}: ${v.entries} entries, ${v.checkpoints} checkpoints${span}`);
  if (v.ok) {
    console.log(
      `OK: the chain holds throughout${v.lastCheckpointed ? `; signed by the hub up to entry ${v.lastCheckpointed}` : "; no checkpoint covers it yet"}`,
    );
    return;
  }
  for (const p of v.problems) console.log(`  entry ${p.seq}: ${p.problem} — ${p.detail}`);
  console.log(
    v.firstBreak === undefined
      ? "FAILED: the chain holds, but a checkpoint is forged"
      : `FAILED: the chain breaks first at entry ${v.firstBreak}`,
  );
}

process.exitCode = main(process.argv.slice(2));
