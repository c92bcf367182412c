import { sm2Verify, type Trust } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import { verifyLog } from "../../src/domain/evidence/chain.js";
import { parseExport } from "../../src/domain/evidence/file.js";
import { evidenceHeader, evidenceSigner } from "../../src/trust.js";
import { checkpointIfDue } from "../../src/use-cases/evidence/checkpoint.js";
import { exportEvidence } from "../../src/use-cases/evidence/export.js";

/**
 * The hub's evidence log as an auditor checks it: a checkpoint signed over its last entry, the log
 * exported, parsed and verified with the keys its header names (what `pnpm verify-log` does).
 */
export async function verifiedEvidence(db: Pick<DatabaseHandle, "db">, trust: Trust) {
  await checkpointIfDue(db.db, evidenceSigner(trust), { everyEntries: 1, everyMs: 0 });
  const exported = parseExport((await exportEvidence(db.db, evidenceHeader(trust))).join("\n"));
  const keys = new Map(exported.header.keys.map((k) => [k.id, k.publicKey]));
  const verdict = verifyLog(exported.entries, exported.checkpoints, (statement, signature, keyId) =>
    sm2Verify(statement, signature, keys.get(keyId) ?? ""),
  );
  return { entries: exported.entries, verdict };
}
