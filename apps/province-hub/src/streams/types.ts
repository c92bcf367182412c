import type { PartitionLag, StreamMetrics } from "@pes/sync";
import type { Admin, Producer } from "kafkajs";

/** The hub's running Kafka side, as the routes see it; absent when the app runs without a broker (tests). */
export interface HubStreams {
  /** Produced, consumed and dead-lettered counts per topic, record type and source, since start. */
  metrics: StreamMetrics;
  /** The ingest consumer group's lag per partition of every topic it reads. */
  lag(): Promise<PartitionLag[]>;
  /** For replaying dead letters and reading topics. */
  producer: Producer;
  admin: Admin;
  /** When each source (/city/350200, /gig/<market>) was last heard from, for silent-node detection. */
  lastSeen(): ReadonlyMap<string, Date>;
}
