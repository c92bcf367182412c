import {
  type DefinedRecord,
  type GigPlacement,
  type GigPosting,
  type GigRating,
  gigPlacement,
  gigPosting,
  gigRating,
  sourceOf,
  topics,
} from "@pes/schemas";
import { writeToOutbox } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import type { GigPublisher } from "../use-cases/context.js";

/**
 * Writes a gig record to the outbox in the caller's transaction, always as the record's own market:
 * a market can only publish as itself, and only on its own topic (pes.gig.{market}.events).
 */
function publishGig(tx: Database, definition: DefinedRecord, record: { marketId: string }) {
  return writeToOutbox(tx, [
    {
      definition,
      data: record,
      topic: topics.gigEvents(record.marketId),
      source: sourceOf.gig(record.marketId),
    },
  ]);
}

export const publishPosting = (tx: Database, record: GigPosting) => publishGig(tx, gigPosting, record);
export const publishPlacement = (tx: Database, record: GigPlacement) => publishGig(tx, gigPlacement, record);
export const publishRating = (tx: Database, record: GigRating) => publishGig(tx, gigRating, record);

/** The use cases' GigPublisher port. */
export const gigPublisher: GigPublisher = {
  posting: publishPosting,
  placement: publishPlacement,
  rating: publishRating,
};
