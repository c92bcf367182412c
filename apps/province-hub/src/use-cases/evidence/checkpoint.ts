import { rowsOf } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { sql } from "drizzle-orm";
import { evidenceCheckpoints, evidenceLog } from "../../db/tables/evidence.js";
import { checkpointStatement, type EvidenceCheckpoint } from "../../domain/evidence/chain.js";

/** Who signs the checkpoints: the hub's current signing key (trust.ring.signingKey("/province")). */
export interface CheckpointSigner {
  keyId: string;
  sign(statement: string): string;
}

export interface CheckpointPolicy {
  /** A checkpoint once this many entries follow the last one… */
  everyEntries: number;
  /** …or once this long has passed since it, when any entry follows it. */
  everyMs: number;
}

/**
 * Signs a checkpoint over the log's last entry when the policy asks for one (or `force`, when any
 * entry is uncovered); returns it, or undefined when none was due. Two hubs at once sign the same
 * entry at most once (the checkpoint's key is the entry's sequence number).
 */
export async function checkpointIfDue(
  db: Database,
  signer: CheckpointSigner,
  policy: CheckpointPolicy,
  now = new Date(),
  force = false,
): Promise<EvidenceCheckpoint | undefined> {
  const [state] = rowsOf<{
    seq: string | null;
    hash: string | null;
    cp_seq: string | null;
    cp_at: string | null;
  }>(
    await db.execute(sql`select l.seq::text as seq, l.hash, c.seq::text as cp_seq, c."at" as cp_at
      from (select 1) one
      left join lateral (select seq, hash from ${evidenceLog} order by seq desc limit 1) l on true
      left join lateral (select seq, "at" from ${evidenceCheckpoints} order by seq desc limit 1) c on true`),
  );
  if (!state?.seq || !state.hash) return undefined;
  const last = Number(state.seq);
  const covered = state.cp_seq === null ? 0 : Number(state.cp_seq);
  if (last <= covered) return undefined;
  const since = state.cp_at === null ? Number.POSITIVE_INFINITY : now.getTime() - Date.parse(state.cp_at);
  if (!force && last - covered < policy.everyEntries && since < policy.everyMs) return undefined;
  const unsigned = { seq: last, hash: state.hash, at: now.toISOString(), keyId: signer.keyId };
  const checkpoint = { ...unsigned, signature: signer.sign(checkpointStatement(unsigned)) };
  await db.insert(evidenceCheckpoints).values(checkpoint).onConflictDoNothing();
  return checkpoint;
}

/**
 * Checks for a due checkpoint every `checkMs` (default a minute): a checkpoint at most `everyEntries`
 * entries or `everyMs` behind the log, give or take a check. One check at a time.
 */
export function scheduleCheckpoints(
  db: Database,
  signer: CheckpointSigner,
  policy: CheckpointPolicy & { checkMs?: number; onError: (e: unknown) => void },
): { close(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = running.then(() => checkpointIfDue(db, signer, policy)).catch(policy.onError);
  };
  const timer = setInterval(run, policy.checkMs ?? 60_000);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await running;
      // What the hub recorded up to its stop is covered when it starts again.
      await checkpointIfDue(db, signer, policy, new Date(), true).catch(policy.onError);
    },
  };
}
