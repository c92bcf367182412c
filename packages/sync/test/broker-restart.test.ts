import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeToOutbox } from "../src/outbox/write.js";
import { waitFor } from "../src/testing/index.js";
import { ownBroker } from "./fixtures/broker.js";
import {
  doubleApplied,
  type Pipeline,
  PRODUCER,
  personEvent,
  receivedCount,
  seqsOf,
  setupPipeline,
} from "./harness.js";

const TOTAL = 1500;
const PERSONS = 20;

describe("the broker restarted mid-stream", () => {
  const broker = ownBroker("sync-restart-test", 19192);
  let p: Pipeline;
  beforeAll(async () => {
    broker.destroy();
    broker.start();
    p = await setupPipeline("restart", broker.brokers);
  });
  afterAll(async () => {
    await p?.close();
    broker.destroy();
  });

  it("loses nothing, applies nothing twice and keeps each person's order", async () => {
    const relay = p.relay();
    relay.start();
    await p.consumer({ sessionTimeoutMs: 6_000 }).start();

    let written = 0;
    const seq = new Array<number>(PERSONS).fill(0);
    const writeSome = async (n: number) => {
      const events = Array.from({ length: n }, (_, i) => {
        const person = (written + i) % PERSONS;
        seq[person]! += 1;
        return personEvent(p.topic, person, seq[person]!);
      });
      await p.db.transaction((tx) => writeToOutbox(tx, events, PRODUCER.sealer));
      written += n;
      relay.wake();
    };

    while (written < TOTAL / 3) await writeSome(10);
    await waitFor(async () => (await receivedCount(p)) > 0, { what: "records flowing before the restart" });

    broker.stop();
    while (written < (2 * TOTAL) / 3) await writeSome(10); // the services keep writing while Kafka is down
    broker.start();
    while (written < TOTAL) await writeSome(10);

    await waitFor(async () => (await receivedCount(p)) >= TOTAL, {
      timeoutMs: 120_000,
      what: "every record after the restart",
    });
    expect(await receivedCount(p)).toBe(TOTAL);
    expect(await doubleApplied(p)).toEqual([]);
    for (let person = 0; person < PERSONS; person++) {
      const key = (personEvent(p.topic, person, 1).data as { person: { key: string } }).person.key;
      const seqs = await seqsOf(p, key);
      expect(seqs).toEqual(Array.from({ length: seq[person]! }, (_, i) => i + 1));
    }
  });
});
