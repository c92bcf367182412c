import { type GigPosting, gigPosting, sourceOf, topics } from "@pes/schemas";
import { writeToOutbox } from "@pes/sync";
import type { Database } from "@pes/sync/db";

/**
 * Publishes a revision of a posting through the outbox, in the caller's transaction, always as the
 * posting's own market: a market can only publish as itself.
 */
export function publishPosting(tx: Database, record: GigPosting) {
  return writeToOutbox(tx, [
    {
      definition: gigPosting,
      data: record,
      topic: topics.gigEvents(),
      source: sourceOf.gig(record.marketId),
    },
  ]);
}
