// @hono/zod-openapi extends zod before @pes/schemas (loaded by @pes/sync) builds its schemas.
import "@hono/zod-openapi";
import { toKafkaHeaders } from "@pes/schemas";
import {
  type ConformanceCase,
  type ConformanceFile,
  type ConformanceVerdict,
  readConformanceKit,
} from "@pes/schemas/conformance";
import { type DeadLetter, type RecordConsumer, readMessage, whyRejected } from "@pes/sync";
import { sealAndSign, testTrust } from "@pes/sync/testing";
import type { KafkaMessage } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/env.js";
import { hubStreams } from "../../src/streams/runtime.js";
import { cipher, cipherKey, TEST_TRUST, type TestDatabase, testDatabase } from "../support/index.js";

// Every case of the conformance kit (packages/schemas/conformance) through the hub's own path, as a
// node would send it: sealed for its reader and signed by its producer, read by the consumer runner
// (readMessage: verify, open, decode), then handed to the handler the hub wires for its topic
// (hubStreams: the ingest, with its rules and extensions, or the receipts consumer).
const kit = [...readConformanceKit()];
let hub: TestDatabase;
let consumers: RecordConsumer[];

beforeAll(async () => {
  hub = await testDatabase("conformance");
  const [, file] = kit[0]!;
  // The kit's person keys are made with the samples' secret: the hub checks them with it.
  const config = loadConfig({ PES_PERSON_KEY_SECRET: file.personKeySecret, PES_PII_KEY: cipherKey });
  const spec = hubStreams(config, cipher, new Map(), TEST_TRUST);
  consumers = (spec.consumers ?? []).filter((c): c is RecordConsumer => "handleBatch" in c);
});
afterAll(async () => hub?.close());

let sequence = 0;
/** The case's record as its producer's relay publishes it on the file's topic. */
function published(file: ConformanceFile, c: ConformanceCase): KafkaMessage {
  const id = `conformance-${++sequence}`;
  const [sealed] = sealAndSign(testTrust(file.source), file.reader, [
    {
      key: id,
      value: JSON.stringify(c.record),
      headers: toKafkaHeaders({
        id,
        source: file.source,
        type: file.ceType,
        specversion: "1.0",
        time: new Date().toISOString(),
        datacontenttype: "application/json",
      }),
    },
  ]);
  return {
    key: Buffer.from(sealed!.key!),
    value: Buffer.from(sealed!.value),
    headers: sealed!.headers,
    offset: String(sequence),
    timestamp: String(Date.now()),
    attributes: 0,
  } as KafkaMessage;
}

const handlerOf = (topic: string) =>
  consumers.find((c) => c.topics.some((t) => (typeof t === "string" ? t === topic : t.test(topic))));

const verdictOf = (why: DeadLetter): ConformanceVerdict =>
  ({
    verdict: "dead-lettered",
    reason: why.reason,
    fieldPath: why.fieldPath,
    ...(why.code ? { code: why.code } : {}),
  }) as ConformanceVerdict;

/** What the hub makes of the case, or for a topic it does not read, what its reader's runner does. */
async function judge(file: ConformanceFile, c: ConformanceCase): Promise<ConformanceVerdict> {
  const read = readMessage(testTrust(file.reader), file.topic, 0, published(file, c));
  if (!read.ok) return verdictOf(read.refused.why);
  const consumer = handlerOf(file.topic);
  if (!consumer) return { verdict: "accepted" };
  try {
    await hub.db.db.transaction((tx) => consumer.handleBatch!(tx, [read.item.event]));
    return { verdict: "accepted" };
  } catch (e) {
    return verdictOf(whyRejected(e));
  }
}

/** The expected verdict without `check`: the kit's note for a third party, not a dead-letter header. */
function asDeadLetter(expected: ConformanceVerdict): ConformanceVerdict {
  if (expected.verdict === "accepted") return expected;
  const { check: _, ...rest } = expected;
  return rest;
}

describe("the conformance kit against the hub", () => {
  it("is read by the hub for every topic a node publishes on", () => {
    const nodeTopics = kit.filter(([, f]) => f.reader === "/province").map(([, f]) => f.topic);
    expect(nodeTopics.filter((t) => t !== "pes.province.vouchers" && !handlerOf(t))).toEqual([]);
  });

  it.each(kit)("%s: each case gets the verdict the kit states", { timeout: 60_000 }, async (_, file) => {
    const wrong: string[] = [];
    for (const c of file.cases) {
      const got = await judge(file, c);
      const want = asDeadLetter(c.expected);
      if (JSON.stringify(got) !== JSON.stringify(want))
        wrong.push(`${c.name}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    }
    expect(wrong).toEqual([]);
  });
});
