import type { PartitionLag, Streams } from "@pes/sync";

/** The hub's running Kafka side, as the routes see it; absent when the app runs without a broker (tests). */
export interface HubStreams extends Pick<Streams, "metrics" | "producer" | "admin"> {
  /** The ingest consumer group's lag per partition of every topic it reads. */
  lag(): Promise<PartitionLag[]>;
  /** When each source (/city/350200, /gig/<market>) was last heard from, for silent-node detection. */
  lastSeen(): ReadonlyMap<string, Date>;
}
