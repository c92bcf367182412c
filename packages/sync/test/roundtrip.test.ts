import { sampleRecords } from "@pes/schemas/samples";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumerLag } from "../src/lag.js";
import { writeToOutbox } from "../src/outbox/write.js";
import { waitFor } from "../src/testing/index.js";
import {
  doubleApplied,
  type Pipeline,
  PRODUCER,
  pendingOutbox,
  receivedCount,
  SOURCE,
  setupPipeline,
} from "./harness.js";
import { received } from "./schema.js";

describe("every record type round-trips outbox → Kafka → consumer → PostgreSQL", () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await setupPipeline("roundtrip");
  });
  afterAll(async () => p?.close());

  it("arrives whole, once, in the envelope, and the counters and lag show it", async () => {
    const samples = sampleRecords();
    expect(samples.length).toBeGreaterThanOrEqual(14);
    await p.db.transaction((tx) =>
      writeToOutbox(
        tx,
        samples.map((s) => ({
          definition: s.definition,
          data: s.data,
          topic: p.topic,
          source: SOURCE,
          receiver: "/province",
        })),
        PRODUCER.sealer,
      ),
    );
    p.relay().start();
    await p.consumer().start();
    await waitFor(async () => (await receivedCount(p)) === samples.length, { what: "every sample applied" });

    const rows = await p.db.select().from(received);
    for (const sample of samples) {
      const row = rows.find((r) => r.type === sample.definition.name);
      expect(row, sample.definition.name).toBeDefined();
      expect(JSON.parse(row!.payload)).toEqual(sample.definition.schema.parse(sample.data));
    }
    expect(await doubleApplied(p)).toEqual([]);
    expect(await pendingOutbox(p)).toBe(0);
    expect(p.metrics.total("produced", p.topic)).toBe(samples.length);
    await waitFor(() => p.metrics.total("consumed", p.topic) === samples.length, {
      what: "consumed counter",
    });
    const lag = await waitFor(async () => {
      const l = await consumerLag(p.admin, p.group, [p.topic]);
      return l.every((x) => x.lag === 0) ? l : undefined;
    });
    expect(lag.reduce((n, x) => n + x.high, 0)).toBe(samples.length);
  });

  it("refuses an invalid record before it reaches the outbox, and writes nothing of the transaction", async () => {
    const [sample] = sampleRecords();
    const before = await pendingOutbox(p);
    await expect(
      p.db.transaction(async (tx) => {
        await writeToOutbox(
          tx,
          [
            {
              definition: sample!.definition,
              data: sample!.data,
              topic: p.topic,
              source: SOURCE,
              receiver: "/province",
            },
          ],
          PRODUCER.sealer,
        );
        await writeToOutbox(
          tx,
          [
            {
              definition: sample!.definition,
              data: { ...(sample!.data as object), id: "not-a-uuid" },
              topic: p.topic,
              source: SOURCE,
              receiver: "/province",
            },
          ],
          PRODUCER.sealer,
        );
      }),
    ).rejects.toThrow();
    expect(await pendingOutbox(p)).toBe(before);
  });
});
