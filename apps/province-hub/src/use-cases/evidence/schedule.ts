import type { Database } from "@pes/sync/db";
import { type CheckpointSigner, scheduleCheckpoints } from "./checkpoint.js";
import { archiveEvidence, type ExportHeader } from "./export.js";

export const ARCHIVE_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * The evidence log's upkeep while the hub runs: signed checkpoints (checked each minute, made every
 * N entries or M minutes) and, daily, the archive of what is older than the retention.
 */
export function scheduleEvidence(
  db: Database,
  opts: {
    signer: CheckpointSigner;
    header: ExportHeader;
    checkpointEveryEntries: number;
    checkpointEveryMs: number;
    retentionDays: number;
    archiveDir: string;
    onError: (e: unknown) => void;
  },
): { close(): Promise<void> } {
  const checkpoints = scheduleCheckpoints(db, opts.signer, {
    everyEntries: opts.checkpointEveryEntries,
    everyMs: opts.checkpointEveryMs,
    checkMs: Math.min(60_000, opts.checkpointEveryMs),
    onError: opts.onError,
  });
  let archiving: Promise<unknown> = Promise.resolve();
  const archive = () => {
    archiving = archiving
      .then(() =>
        archiveEvidence(db, { retentionDays: opts.retentionDays, dir: opts.archiveDir, header: opts.header }),
      )
      .catch(opts.onError);
  };
  archive();
  const timer = setInterval(archive, ARCHIVE_EVERY_MS);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await archiving;
      await checkpoints.close();
    },
  };
}
