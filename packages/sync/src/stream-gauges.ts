import { Gauge, type Registry } from "prom-client";
import type { PartitionLag } from "./lag.js";

/** How long one answer of the broker about a group's offsets serves: scrapes and the console share it. */
export const LAG_CACHE_MS = 2_000;

/**
 * `ask` with its answers kept `ttlMs` per key: a scrape, the console's live page and the lag route
 * asking at once make one round of requests (to the broker, the database), not three. A failed
 * answer is not kept.
 */
export function keptFor<T>(
  ask: (key: string) => Promise<T>,
  ttlMs: number,
  now: () => number = Date.now,
): (key: string) => Promise<T> {
  const kept = new Map<string, { at: number; answer: Promise<T> }>();
  return (key) => {
    const hit = kept.get(key);
    if (hit && now() - hit.at < ttlMs) return hit.answer;
    const answer = ask(key);
    kept.set(key, { at: now(), answer });
    answer.catch(() => {
      if (kept.get(key)?.answer === answer) kept.delete(key);
    });
    return answer;
  };
}

/** A group's lag per partition, each answer of the broker kept LAG_CACHE_MS. */
export const cachedLag = (lag: (groupId: string) => Promise<PartitionLag[]>, ttlMs = LAG_CACHE_MS) =>
  keptFor(lag, ttlMs);

/**
 * pes_kafka_consumer_lag{group,topic,partition}: each running group's end offsets minus its committed
 * ones, asked of the broker when scraped (through the cache). A group the broker cannot answer for is
 * reported to `onError` and left out of that scrape, rather than failing the whole page.
 */
export function registerLagGauge(
  registry: Registry,
  opts: {
    groups: () => readonly string[];
    lag: (groupId: string) => Promise<PartitionLag[]>;
    onError: (error: unknown) => void;
  },
): void {
  new Gauge({
    name: "pes_kafka_consumer_lag",
    help: "Records a consumer group has yet to read, per topic-partition: the log end offset minus the group's committed offset",
    labelNames: ["group", "topic", "partition"] as const,
    registers: [registry],
    async collect() {
      const answers = await Promise.all(
        opts.groups().map(async (group) => ({
          group,
          partitions: await opts.lag(group).catch((error: unknown) => {
            opts.onError(error);
            return [];
          }),
        })),
      );
      this.reset();
      for (const { group, partitions } of answers)
        for (const p of partitions)
          this.set({ group, topic: p.topic, partition: String(p.partition) }, p.lag);
    },
  });
}

type Backlog = { rows: number; oldestAgeSeconds: number };

/**
 * pes_outbox_pending_rows and pes_outbox_oldest_pending_age_seconds, read from the database when
 * scraped: one query for both (its answer kept a second). A failed query is reported to `onError` and
 * leaves both out of that scrape.
 */
export function registerOutboxGauges(
  registry: Registry,
  opts: { backlog: () => Promise<Backlog>; onError: (error: unknown) => void },
): void {
  const ask = keptFor(() => opts.backlog(), 1_000);
  const read = async (): Promise<Backlog | undefined> => {
    try {
      return await ask("outbox");
    } catch (error) {
      opts.onError(error);
      return undefined;
    }
  };
  const gauge = (name: string, help: string, value: (b: Backlog) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const backlog = await read();
        this.reset();
        if (backlog) this.set(value(backlog));
      },
    });
  gauge("pes_outbox_pending_rows", "Outbox rows written and not yet published to Kafka", (b) => b.rows);
  gauge(
    "pes_outbox_oldest_pending_age_seconds",
    "How long the oldest unpublished outbox row has waited (0 when none waits)",
    (b) => b.oldestAgeSeconds,
  );
}
