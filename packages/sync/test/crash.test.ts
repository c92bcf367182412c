import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../src/testing/index.js";
import { spawnPipelineProcess } from "./fixtures/spawn.js";
import {
  doubleApplied,
  type Pipeline,
  pendingOutbox,
  personEvent,
  receivedCount,
  setupPipeline,
  writeEvents,
} from "./harness.js";

const N = 400;

async function messagesInTopic(p: Pipeline): Promise<number> {
  const offsets = await p.admin.fetchTopicOffsets(p.topic);
  return offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
}

describe("crashes lose nothing and apply nothing twice", () => {
  let p: Pipeline;
  afterEach(async () => p?.close());

  it("a relay killed after Kafka acknowledged a batch but before marking it published", async () => {
    p = await setupPipeline("relaycrash");
    await writeEvents(
      p,
      Array.from({ length: N }, (_, i) => personEvent(p.topic, i % 37, i + 1)),
    );

    // Batches of 50: the first two are published and marked; the third reaches Kafka, then the relay dies.
    const crashed = spawnPipelineProcess({ ROLE: "relay", DATABASE_URL: p.dbUrl, KILL_AFTER: "3" });
    expect(await crashed.exited).toBe("SIGKILL");
    expect(await pendingOutbox(p)).toBe(N - 100);
    expect(await messagesInTopic(p)).toBe(150);

    p.relay().start();
    await p.consumer().start();
    await waitFor(async () => (await receivedCount(p)) === N && (await pendingOutbox(p)) === 0, {
      timeoutMs: 60_000,
      what: "all events applied",
    });
    // The third batch went out twice; the inbox applied it once.
    expect(await messagesInTopic(p)).toBe(N + 50);
    expect(await doubleApplied(p)).toEqual([]);
    expect(await receivedCount(p)).toBe(N);
  });

  it("a consumer killed after its transaction committed but before its offsets did", async () => {
    p = await setupPipeline("consumercrash");
    await writeEvents(
      p,
      Array.from({ length: N }, (_, i) => personEvent(p.topic, i % 37, i + 1)),
    );
    p.relay().start();
    await waitFor(async () => (await pendingOutbox(p)) === 0, { timeoutMs: 30_000, what: "outbox drained" });

    const crashed = spawnPipelineProcess({
      ROLE: "consumer",
      DATABASE_URL: p.dbUrl,
      TOPIC: p.topic,
      DLQ_TOPIC: p.deadLetterTopic,
      GROUP: p.group,
      KILL_AFTER: "2",
    });
    expect(await crashed.exited).toBe("SIGKILL");
    const appliedBeforeCrash = await receivedCount(p);
    expect(appliedBeforeCrash).toBeGreaterThan(0);
    expect(appliedBeforeCrash).toBeLessThan(N);

    // The same group takes over and is handed the uncommitted records again; the inbox drops them.
    await p.consumer().start();
    await waitFor(async () => (await receivedCount(p)) === N, {
      timeoutMs: 90_000,
      what: "all events applied after the crash",
    });
    expect(await doubleApplied(p)).toEqual([]);
  });
});
