import type { DefinedRecord } from "@pes/schemas";
import type { PersonVault, SealedOutboxRow } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import type { ChunkScope } from "./chunk.js";

/** The port that keeps personal data encrypted at rest and derives person keys (the province's secret). */
export type { PersonVault };

/**
 * The port a ledger change publishes through: the outbox, in the change's own transaction, on this
 * city's topics as this city. streams/publish.ts (publisherFor) implements it.
 */
export interface Publisher {
  publish(tx: Database, definition: DefinedRecord, data: unknown): Promise<unknown>;
  /**
   * The record validated, encoded and sealed as publish would, not yet written: a batch writes its
   * chunk's rows in one statement (insertOutboxRows of @pes/sync). Absent: a batch publishes each.
   */
  seal?(definition: DefinedRecord, data: unknown): SealedOutboxRow;
}

/**
 * What a use case of the city node runs with, its first argument; the second is the request's data as
 * one object. Routes build it per request (routes/context.ts), the flow-back stream per event, the
 * retirement closures per run. A use case that needs less takes a Pick of it.
 */
export interface UseCaseContext {
  /** The transaction the change runs in (a query or a job that opens its own may get the database). */
  db: Database;
  /** The node's city. */
  cityCode: string;
  /** Encrypts personal data at rest and derives person keys. */
  vault: PersonVault;
  publisher: Publisher;
  /** Who acts: the calling staff member, or the node's or the province's pseudo staff member. */
  staffId: string;
  requestId?: string | null;
  /** Why personal data is touched (the X-Purpose header), for the audit log. */
  purpose?: string | null;
  /** The wall clock; "today" is its date in China. Default: the system's. */
  clock?: () => Date;
  /** Set while a batch item runs: what its chunk read ahead and writes for it (use-cases/chunk.ts). */
  chunk?: ChunkScope | undefined;
}
