import { isKnownRecordName, recordByType } from "@pes/schemas";
import { Counter, Registry } from "prom-client";

export interface StreamCount {
  topic: string;
  type: string;
  source: string;
  count: number;
}

export type StreamKind = "produced" | "consumed" | "deadLettered" | "applied";

const KINDS: Record<StreamKind, { name: string; help: string }> = {
  produced: {
    name: "pes_kafka_records_produced_total",
    help: "Records the outbox relay published, by topic, CloudEvents type and source",
  },
  consumed: {
    name: "pes_kafka_records_consumed_total",
    help: "Records this service's consumers read, verified and decoded (applied, repeated or refused by a rule), by topic, type and source",
  },
  deadLettered: {
    name: "pes_kafka_records_dead_lettered_total",
    help: "Records this service's consumers sent to the dead letters, by the topic they were read from, type and source",
  },
  applied: {
    name: "pes_records_applied_total",
    help: "Records applied to this service's database for the first time (at the hub: the ingest), by topic, type and source",
  },
};

const LABELS = ["topic", "type", "source"] as const;

/**
 * Produced, consumed, dead-lettered and applied counts per topic, record type and source, since start:
 * the one store that both the hub's monitoring API (the console's live figures) and /metrics read.
 * The Prometheus counters of `registry` hold no values of their own; they are filled from the counts
 * when scraped, so the two can never disagree.
 */
export class StreamMetrics {
  private readonly counts: Record<StreamKind, Map<string, StreamCount>> = {
    produced: new Map(),
    consumed: new Map(),
    deadLettered: new Map(),
    applied: new Map(),
  };

  /** A registry of this instance's own, never prom-client's global one: several services may share a process. */
  constructor(readonly registry: Registry = new Registry()) {
    for (const kind of Object.keys(KINDS) as StreamKind[]) {
      const counts = this.counts[kind];
      new Counter({
        ...KINDS[kind],
        labelNames: LABELS,
        registers: [registry],
        collect() {
          this.reset();
          for (const { topic, type, source, count } of counts.values())
            this.inc({ topic, type, source }, count);
        },
      });
    }
  }

  record(kind: StreamKind, topic: string, type: string, source: string, n = 1): void {
    const key = `${topic}\u0000${type}\u0000${source}`;
    const entry = this.counts[kind].get(key);
    if (entry) entry.count += n;
    else this.counts[kind].set(key, { topic, type, source, count: n });
  }

  snapshot() {
    const list = (m: Map<string, StreamCount>) => [...m.values()].map((c) => ({ ...c }));
    return {
      produced: list(this.counts.produced),
      consumed: list(this.counts.consumed),
      deadLettered: list(this.counts.deadLettered),
      applied: list(this.counts.applied),
    };
  }

  total(kind: StreamKind, topic?: string): number {
    let n = 0;
    for (const c of this.counts[kind].values()) if (!topic || c.topic === topic) n += c.count;
    return n;
  }
}

const SOURCE = /^\/(province|city\/\d{6}|gig\/[a-z0-9][a-z0-9-]{0,62})$/;

/**
 * The type and source of a refused record as a label may show them. Its headers are whatever its
 * sender wrote (a forger's, a broken node's): anything but a record type of the contract and a
 * party's source reads "unknown", so no label carries someone's data or grows without bound.
 */
export function labelsOfUntrusted(type: string | undefined, source: string | undefined) {
  // A version the contract does not have (v9, v999…) is unknown too: a forger could count up forever.
  const knownType = type !== undefined && (recordByType(type) !== undefined || isKnownRecordName(type));
  return {
    type: knownType ? type : "unknown",
    source: source !== undefined && SOURCE.test(source) ? source : "unknown",
  };
}
