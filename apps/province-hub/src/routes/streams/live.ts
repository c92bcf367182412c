import { setTimeout as sleep } from "node:timers/promises";
import { streamSSE } from "hono/streaming";
import { guard, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { type MonitoredStreams, runningStreams } from "./running.js";
import { throughputOf } from "./throughput.js";

const EVERY_MS = 2_000;
const LAG_EVERY_MS = 10_000;
type Kinds = { produced: number; consumed: number; deadLettered: number };

const sum = (rows: Kinds[]) =>
  rows.reduce(
    (t, r) => ({
      produced: t.produced + r.produced,
      consumed: t.consumed + r.consumed,
      deadLettered: t.deadLettered + r.deadLettered,
    }),
    { produced: 0, consumed: 0, deadLettered: 0 },
  );

/** What the stream page shows, as one event: the throughput rows, their sums and the group's lag. */
type Lag = { totalLag: number | null; topics: Record<string, number> };

/**
 * The group's lag, asked of the broker every 10 s in the background: its answer can take a second,
 * and the snapshots go on meanwhile with the last one known (null before the first).
 */
function lagKeeper(streams: MonitoredStreams) {
  let lag: Lag = { totalLag: null, topics: {} };
  let askedAt = 0;
  let asking = false;
  return {
    current(): Lag {
      if (!asking && Date.now() - askedAt >= LAG_EVERY_MS) {
        asking = true;
        askedAt = Date.now();
        streams
          .lag()
          .then((partitions) => {
            const topics: Record<string, number> = {};
            for (const p of partitions) topics[p.topic] = (topics[p.topic] ?? 0) + p.lag;
            lag = { totalLag: partitions.reduce((n, p) => n + p.lag, 0), topics };
          })
          .catch(() => {})
          .finally(() => {
            asking = false;
          });
      }
      return lag;
    },
  };
}

function snapshot(streams: MonitoredStreams, lag: Lag) {
  const { windowSeconds, items } = throughputOf(streams);
  return {
    at: new Date().toISOString(),
    windowSeconds,
    perMinute: sum(items.map((r) => r.perMinute)),
    total: sum(items.map((r) => r.total)),
    ...lag,
    items,
  };
}

/**
 * GET /v1/streams/live: server-sent events, a `snapshot` every 2 s (the lag every 10 s: it asks the
 * broker). For the console's pages, and for any operator's dashboard; ends when the hub stops.
 * Not an OpenAPI route (an event stream), so its access rule is its guard: readers, not a gateway.
 */
export function registerLive(app: App): void {
  app.get("/v1/streams/live", guard(readers), (c) => {
    const services = c.get("services");
    const streams = runningStreams(services);
    return streamSSE(c, async (sse) => {
      const left = new AbortController();
      sse.onAbort(() => left.abort());
      const done = AbortSignal.any([left.signal, ...(services.stopping ? [services.stopping] : [])]);
      const lag = lagKeeper(streams);
      while (!done.aborted) {
        await sse.writeSSE({
          event: "snapshot",
          data: JSON.stringify(snapshot(streams, lag.current())),
          retry: 3000,
        });
        await sleep(EVERY_MS, undefined, { signal: done }).catch(() => {});
      }
    });
  });
}
