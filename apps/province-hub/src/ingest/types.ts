import type { Database } from "@pes/sync/db";

/** A record the hub has just stored as its newest revision; what extensions (indicators, monitoring) see. */
export interface AppliedRecord {
  type: string;
  recordId: string;
  revision: number;
  /** The hub had no revision of this record before (whichever revision arrived first). */
  firstSeen: boolean;
  cityCode: string;
  districtCode: string | null;
  personKey: string | null;
  source: string;
  /** The CloudEvents id and time of the event that carried this revision. */
  eventId: string;
  time: Date;
  /** The record as the contract carries it, person included. */
  data: Record<string, unknown>;
}

/**
 * Runs in the consumer's transaction after a chunk's records are stored, with those that were newer
 * than what the hub had (at most one revision per record); a throw rolls the chunk back too.
 */
export type IngestExtension = (tx: Database, records: readonly AppliedRecord[]) => Promise<void>;
