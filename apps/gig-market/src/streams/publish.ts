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
import { type Sealer, writeToOutbox } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import type { GigPublisher } from "../use-cases/context.js";

/**
 * Writes a gig record to the outbox in the caller's transaction, always as the record's own market:
 * a market can only publish as itself, and only on its own topic (pes.gig.{market}.events). The
 * record is sealed for the province with `sealer` (the deployment's trust) before it is stored.
 */
function publishGig(sealer: Sealer, tx: Database, definition: DefinedRecord, record: { marketId: string }) {
  return writeToOutbox(
    tx,
    [
      {
        definition,
        data: record,
        topic: topics.gigEvents(record.marketId),
        source: sourceOf.gig(record.marketId),
      },
    ],
    sealer,
  );
}

/** The use cases' GigPublisher port, sealing with `sealer` (services.trust.sealer). */
export function gigPublisherFor(sealer: Sealer): GigPublisher {
  return {
    posting: (tx: Database, record: GigPosting) => publishGig(sealer, tx, gigPosting, record),
    placement: (tx: Database, record: GigPlacement) => publishGig(sealer, tx, gigPlacement, record),
    rating: (tx: Database, record: GigRating) => publishGig(sealer, tx, gigRating, record),
  };
}
