import { encodeEvent, recordByName } from "@pes/schemas";
import { sampleRecord } from "@pes/schemas/samples";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncomingEvent } from "../src/index.js";
import { sealAndSign, waitFor } from "../src/testing/index.js";
import { type Pipeline, PRODUCER, receivedCount, SOURCE, setupPipeline, storeHandler } from "./harness.js";

/** CloudEvents makes `time` optional: a third party's node may leave ce_time out. */
describe("an event without ce_time", () => {
  let p: Pipeline;
  const seen: IncomingEvent[] = [];

  beforeAll(async () => {
    p = await setupPipeline("no-ce-time");
    await p
      .consumer({
        handle: async (tx, event) => {
          seen.push(event);
          await storeHandler(tx, event);
        },
      })
      .start();
  });
  afterAll(async () => p?.close());

  it("is verified and applied as of its Kafka timestamp, not dead-lettered as missing-envelope", async () => {
    const definition = recordByName("unemployment-registration")!;
    const untimed = encodeEvent(definition, sampleRecord("unemployment-registration"), { source: SOURCE });
    const { ce_time: _, ...headers } = untimed.headers;
    const timed = encodeEvent(definition, sampleRecord("unemployment-registration", { revision: 2 }), {
      source: SOURCE,
    });
    const before = Date.now();
    await p.producer.send({
      topic: p.topic,
      acks: -1,
      messages: sealAndSign(PRODUCER, "/province", [
        { key: untimed.key, value: untimed.value, headers },
        { key: timed.key, value: timed.value, headers: timed.headers },
      ]),
    });

    // Both applied: had the first been refused, only the second would be.
    await waitFor(async () => (await receivedCount(p)) === 2, { what: "both records applied" });
    const first = seen.find((e) => e.attributes.id === untimed.attributes.id)!;
    expect(first.attributes.time).toBeUndefined();
    expect(first.appendedAt!.getTime()).toBeGreaterThanOrEqual(before - 60_000);
    expect(seen.find((e) => e.attributes.id === timed.attributes.id)?.attributes.time).toBe(
      timed.attributes.time,
    );
  });
});
