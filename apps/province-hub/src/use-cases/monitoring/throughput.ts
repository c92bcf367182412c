import type { StreamMetrics } from "@pes/sync";

type Kind = "produced" | "consumed" | "deadLettered";
const KINDS: Kind[] = ["produced", "consumed", "deadLettered"];

interface Sample {
  at: number;
  counts: Map<string, { topic: string; type: string; source: string } & Record<Kind, number>>;
}

export interface ThroughputRow {
  topic: string;
  type: string;
  source: string;
  /** Records per minute over the window; 0 until the window holds two samples. */
  perMinute: Record<Kind, number>;
  /** Since the hub started. */
  total: Record<Kind, number>;
}

export interface ThroughputOptions {
  /** How often the counters are sampled. */
  intervalMs?: number;
  /** The span a rate is computed over. */
  windowMs?: number;
  now?: () => number;
  /** false: samples are taken only by sample() and rates() (tests). */
  autoSample?: boolean;
}

/**
 * StreamMetrics only counts up since start; this keeps a ring of its snapshots, one every 10 s by
 * default, so a rate is the difference over the last minute rather than an average since start.
 */
export class ThroughputWindow {
  private readonly ring: Sample[] = [];
  private readonly intervalMs: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly metrics: StreamMetrics,
    opts: ThroughputOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 10_000;
    this.windowMs = opts.windowMs ?? 60_000;
    this.now = opts.now ?? Date.now;
    this.sample();
    if (opts.autoSample !== false) {
      this.timer = setInterval(() => this.sample(), this.intervalMs);
      this.timer.unref();
    }
  }

  sample(): Sample {
    const counts: Sample["counts"] = new Map();
    const snapshot = this.metrics.snapshot();
    for (const kind of KINDS)
      for (const c of snapshot[kind]) {
        const key = `${c.topic}\u0000${c.type}\u0000${c.source}`;
        const row = counts.get(key) ?? {
          topic: c.topic,
          type: c.type,
          source: c.source,
          produced: 0,
          consumed: 0,
          deadLettered: 0,
        };
        row[kind] += c.count;
        counts.set(key, row);
      }
    const sample = { at: this.now(), counts };
    this.ring.push(sample);
    // Keep one sample older than the window, as the base of the difference.
    const keep = Math.ceil(this.windowMs / this.intervalMs) + 2;
    if (this.ring.length > keep) this.ring.splice(0, this.ring.length - keep);
    return sample;
  }

  /** Rates over the last window (or the span sampled so far, if shorter), from a fresh sample. */
  rates(): { windowSeconds: number; rows: ThroughputRow[] } {
    const latest = this.sample();
    const cutoff = latest.at - this.windowMs;
    const base = [...this.ring].reverse().find((s) => s.at <= cutoff) ?? this.ring[0]!;
    const minutes = (latest.at - base.at) / 60_000;
    const rows = [...latest.counts].map(([key, now]) => {
      const before = base.counts.get(key);
      const rate = (kind: Kind) =>
        minutes > 0 ? Math.round(((now[kind] - (before?.[kind] ?? 0)) / minutes) * 10) / 10 : 0;
      return {
        topic: now.topic,
        type: now.type,
        source: now.source,
        perMinute: {
          produced: rate("produced"),
          consumed: rate("consumed"),
          deadLettered: rate("deadLettered"),
        },
        total: { produced: now.produced, consumed: now.consumed, deadLettered: now.deadLettered },
      };
    });
    return { windowSeconds: Math.round(minutes * 60), rows };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

const windows = new WeakMap<StreamMetrics, ThroughputWindow>();

/**
 * The window sampling `metrics`, started on first use. The streams runtime may call this when the
 * ingest starts, so the first answer already covers a minute.
 */
export function throughputWindowOf(metrics: StreamMetrics, opts?: ThroughputOptions): ThroughputWindow {
  let window = windows.get(metrics);
  if (!window) {
    window = new ThroughputWindow(metrics, opts);
    windows.set(metrics, window);
  }
  return window;
}
