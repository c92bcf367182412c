import type { Database } from "@pes/sync/db";

/** A record the hub has just stored as its newest revision; what extensions (indicators, monitoring) see. */
export interface AppliedRecord {
  type: string;
  recordId: string;
  revision: number;
  cityCode: string;
  districtCode: string | null;
  personKey: string | null;
  source: string;
  time: Date;
  /** The record as the contract carries it, person included. */
  data: Record<string, unknown>;
}

/** Runs in the consumer's transaction after a record is stored; a throw rolls the record back too. */
export type IngestExtension = (tx: Database, record: AppliedRecord) => Promise<void>;
