import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/index.js";
import { writeToOutbox } from "../src/outbox/write.js";
import { waitFor } from "../src/testing/index.js";
import { type Pipeline, PRODUCER, personEvent, receivedCount, seqsOf, setupPipeline } from "./harness.js";
import * as schema from "./schema.js";

const WRITERS = 8;
const PERSONS = 5;
const PER_WRITER = 60;

describe("one person's events keep their order", () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await setupPipeline("ordering");
  });
  afterAll(async () => p?.close());

  it("under concurrent writers, each on its own connection, while the relay publishes", async () => {
    const relay = p.relay({ batchSize: 37 });
    relay.start();
    await p.consumer().start();
    const keys = Array.from(
      { length: PERSONS },
      (_, n) => personEvent(p.topic, n, 0).data as { person: { key: string } },
    ).map((d) => d.person.key);
    await p.db.insert(schema.counters).values(keys.map((personKey) => ({ personKey })));

    // Each write takes the person's next sequence number under a row lock, as a service updating
    // that person's record would; the consumer must see the numbers in that order.
    const writer = async (w: number) => {
      const conn = await openDatabase({ url: p.dbUrl, schema, poolSize: 1 });
      try {
        for (let i = 0; i < PER_WRITER; i++) {
          const n = (w + i) % PERSONS;
          await conn.db.transaction(async (tx) => {
            const [row] = await tx
              .update(schema.counters)
              .set({ n: sql`${schema.counters.n} + 1` })
              .where(eq(schema.counters.personKey, keys[n]!))
              .returning({ n: schema.counters.n });
            await writeToOutbox(tx, [personEvent(p.topic, n, row!.n)], PRODUCER.sealer);
          });
          relay.wake();
        }
      } finally {
        await conn.close();
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));

    const total = WRITERS * PER_WRITER;
    await waitFor(async () => (await receivedCount(p)) === total, {
      timeoutMs: 60_000,
      what: "all events applied",
    });
    for (const key of keys) {
      const seqs = await seqsOf(p, key);
      expect(seqs.length).toBeGreaterThan(0);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    }
  });
});
