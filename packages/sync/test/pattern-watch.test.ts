import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeToOutbox } from "../src/outbox/write.js";
import { createTopicsWithLeaders } from "../src/provision.js";
import { type Streams, startStreams } from "../src/streams.js";
import { TEST_BROKERS, waitFor } from "../src/testing/index.js";
import {
  doubleApplied,
  type Pipeline,
  PRODUCER,
  personEvent,
  receivedCount,
  SOURCE,
  setupPipeline,
  storeHandler,
} from "./harness.js";

/**
 * kafkajs resolves a RegExp subscription once, when the consumer starts: the hub subscribed to every
 * city's and market's topics by pattern would never read a city or market enrolled after it started.
 * The streams look for new matching topics every topicRefreshMs and restart the consumer on them.
 */
describe("a record consumer subscribed by pattern", () => {
  let p: Pipeline;
  let streams: Streams | undefined;
  let later: string;
  const errors: unknown[] = [];

  beforeAll(async () => {
    p = await setupPipeline("watch");
    // This run's topic and the ones created later (…​.m2), not its dead letters (….dlq).
    later = `${p.topic}.m2`;
  });

  afterAll(async () => {
    await streams?.close();
    await p?.admin.deleteTopics({ topics: [later] }).catch(() => undefined);
    await p?.close();
  });

  it("reads a matching topic created after it started, from its start, and the others on from where they were", async () => {
    streams = await startStreams({
      kafka: { brokers: TEST_BROKERS, clientId: "test-pattern-watch" },
      db: p.db,
      // One party writes and reads: the records are sealed for it.
      trust: PRODUCER,
      relay: { idleMs: 50 },
      consumers: [
        {
          groupId: p.group,
          topics: [new RegExp(`^${p.topic.replaceAll(".", "\\.")}(\\.m\\d+)?$`)],
          handle: storeHandler,
          deadLetterTopic: p.deadLetterTopic,
          topicRefreshMs: 200,
        },
      ],
      onError: (e) => errors.push(e),
    });
    const first = Array.from({ length: 5 }, (_, n) => personEvent(p.topic, n, 1, SOURCE));
    await p.db.transaction((tx) => writeToOutbox(tx, first, PRODUCER.sealer));
    await waitFor(async () => (await receivedCount(p)) === first.length, {
      what: "the first topic's records",
    });

    // A city or market enrolled while the consumer runs: its topic appears, then its records.
    await createTopicsWithLeaders(p.admin, [{ topic: later, numPartitions: 2, replicationFactor: 1 }]);
    const second = Array.from({ length: 4 }, (_, n) => personEvent(later, 100 + n, 1, SOURCE));
    await p.db.transaction((tx) => writeToOutbox(tx, second, PRODUCER.sealer));
    await waitFor(async () => (await receivedCount(p)) === first.length + second.length, {
      timeoutMs: 60_000,
      what: "the records of the topic created after the consumer started",
    });
    const more = [personEvent(p.topic, 200, 1, SOURCE), personEvent(later, 201, 1, SOURCE)];
    await p.db.transaction((tx) => writeToOutbox(tx, more, PRODUCER.sealer));
    await waitFor(async () => (await receivedCount(p)) === first.length + second.length + more.length, {
      what: "the records after the restart, on both topics",
    });

    expect(await doubleApplied(p)).toEqual([]);
    // Its lag covers the new topic too, read to its end.
    const lag = await waitFor(async () => {
      const l = await streams!.lag();
      return l.some((x) => x.topic === later) && l.every((x) => x.lag === 0) ? l : undefined;
    });
    expect(new Set(lag.map((x) => x.topic))).toEqual(new Set([p.topic, later]));
    expect(lag.filter((x) => x.topic === later).reduce((n, x) => n + x.high, 0)).toBe(second.length + 1);
    expect(errors).toEqual([]);
  });
});
