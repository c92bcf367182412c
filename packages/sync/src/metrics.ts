import { metrics } from "@opentelemetry/api";

export interface StreamCount {
  topic: string;
  type: string;
  source: string;
  count: number;
}

/**
 * Produced, consumed and dead-lettered counts per topic, record type and source, kept in memory for
 * the hub's monitoring API and mirrored to OpenTelemetry counters for whoever scrapes them.
 */
export class StreamMetrics {
  private readonly counts = {
    produced: new Map<string, StreamCount>(),
    consumed: new Map<string, StreamCount>(),
    deadLettered: new Map<string, StreamCount>(),
  };
  private readonly meter = metrics.getMeter("@pes/sync");
  private readonly otel = {
    produced: this.meter.createCounter("pes.records.produced"),
    consumed: this.meter.createCounter("pes.records.consumed"),
    deadLettered: this.meter.createCounter("pes.records.dead_lettered"),
  };

  record(kind: keyof StreamMetrics["counts"], topic: string, type: string, source: string, n = 1): void {
    const key = `${topic}\u0000${type}\u0000${source}`;
    const entry = this.counts[kind].get(key);
    if (entry) entry.count += n;
    else this.counts[kind].set(key, { topic, type, source, count: n });
    this.otel[kind].add(n, {
      "messaging.destination.name": topic,
      "pes.record.type": type,
      "pes.source": source,
    });
  }

  snapshot() {
    const list = (m: Map<string, StreamCount>) => [...m.values()].map((c) => ({ ...c }));
    return {
      produced: list(this.counts.produced),
      consumed: list(this.counts.consumed),
      deadLettered: list(this.counts.deadLettered),
    };
  }

  total(kind: keyof StreamMetrics["counts"], topic?: string): number {
    let n = 0;
    for (const c of this.counts[kind].values()) if (!topic || c.topic === topic) n += c.count;
    return n;
  }
}
