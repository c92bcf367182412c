import type { TraceHeaders } from "@pes/sync";
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
  /**
   * The trace of the consumer span that applied it: what the hub writes to its outbox because of this
   * record (a flow-back) carries it, so the trace goes on from the city's request to the receiver.
   */
  trace?: TraceHeaders;
}

/** A record as the hub keeps it, its newest revision; the person only by key, other personal data sealed. */
export interface StoredRecord {
  type: string;
  recordId: string;
  cityCode: string;
  districtCode: string | null;
  personKey: string | null;
  source: string;
  time: Date;
  data: Record<string, unknown>;
}

/** What the extensions get for a chunk: its stored records and their persons' timelines, read once. */
export interface IngestChunk {
  /** The records newer than what the hub had (at most one revision per record). */
  records: readonly AppliedRecord[];
  /** Every stored record of each person the records are about, from every city, these included. */
  timelines: ReadonlyMap<string, readonly StoredRecord[]>;
}

/** Runs in the consumer's transaction after a chunk's records are stored; a throw rolls the chunk back too. */
export type IngestExtension = (tx: Database, chunk: IngestChunk) => Promise<void>;
