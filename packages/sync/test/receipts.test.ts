import { randomUUID } from "node:crypto";
import {
  decodeEvent,
  encodeEvent,
  FlowbackReceipt,
  fromKafkaHeaders,
  RecordId,
  registrationClosureInstruction,
  sealAttributesOf,
  sourceOf,
  topics,
} from "@pes/schemas";
import { sampleRecord } from "@pes/schemas/samples";
import { asc } from "drizzle-orm";
import type { KafkaMessage } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncomingEvent, RefusedRecord } from "../src/consumer/runner.js";
import { type DatabaseHandle, migrateDatabase, openDatabase } from "../src/db/index.js";
import { flowbackReceipts, receiptId, receiptRouteOf } from "../src/receipts.js";
import { createTestDatabase, sealAndSign, testTrust } from "../src/testing/index.js";
import { recordDigest } from "../src/trust/index.js";
import { MIGRATIONS } from "./harness.js";
import * as schema from "./schema.js";

// A receiver's receipts (docs/adr/0007) as they reach its outbox: sealed for the hub, on its own
// receipts topic, keyed like what they acknowledge; none for a replayed copy, an unreadable id, or a
// source the receiver cannot sign as.
const CITY = "350200";
const flowbackTopic = topics.flowbackCity(CITY);
const city = testTrust(sourceOf.city(CITY));
const province = testTrust(sourceOf.province());
const AT = new Date("2026-03-02T01:02:03.004Z");
const receipts = flowbackReceipts(city, () => AT);

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let handle: DatabaseHandle;

beforeAll(async () => {
  database = await createTestDatabase("receipts");
  handle = await openDatabase({ url: database.url, schema });
  await migrateDatabase(handle, MIGRATIONS);
});
afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

/** A closure instruction as the province's relay publishes it for the city: sealed, signed. */
function published() {
  const e = encodeEvent(registrationClosureInstruction, sampleRecord("registration-closure-instruction"), {
    source: sourceOf.province(),
  });
  return sealAndSign(province, sourceOf.city(CITY), [{ key: e.key, value: e.value, headers: e.headers }])[0]!;
}

const asKafka = (m: ReturnType<typeof published>, offset: string): KafkaMessage =>
  ({
    key: Buffer.from(m.key),
    value: Buffer.from(m.value),
    headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, Buffer.from(v)])),
    offset,
    timestamp: String(Date.now()),
    attributes: 0,
  }) as KafkaMessage;

const digestOf = (m: ReturnType<typeof published>) => {
  const attrs = fromKafkaHeaders(m.headers);
  if (!attrs.success) throw new Error("no envelope");
  return recordDigest(attrs.data, sealAttributesOf(m.headers), m.value).toString("hex");
};

/** Every receipt in the outbox, opened as the hub opens it. */
async function written() {
  const rows = await handle.db.select().from(schema.outbox).orderBy(asc(schema.outbox.id));
  await handle.db.delete(schema.outbox);
  return rows.map((row) => {
    const opened = province.opener.open(sealAttributesOf(row.headers), row.eventId, row.payload);
    if (!opened.ok) throw new Error(opened.detail);
    return { row, data: FlowbackReceipt.parse(JSON.parse(opened.plaintext)) };
  });
}

describe("flow-back receipts", () => {
  it("acknowledges an applied record in the caller's transaction: its id, type, key and digest as received", async () => {
    const m = published();
    // As the consumer hands it on: opened, decoded, with the proof it was verified by.
    const clear = decodeEvent(m.headers, JSON.stringify(sampleRecord("registration-closure-instruction")));
    if (!clear.ok) throw new Error(clear.failure.detail);
    const event: IncomingEvent = {
      ...clear.event,
      topic: flowbackTopic,
      partition: 1,
      offset: "42",
      key: m.key,
      proof: { digest: digestOf(m), keyId: m.headers.ce_peskeyid!, root: m.headers.ce_pesroot! },
    };
    await handle.db.transaction((tx) =>
      receipts.applied(tx, event, { code: "already-closed", text: "closed before" }),
    );
    const [receipt, ...more] = await written();
    expect(more).toEqual([]);
    expect(receipt!.row).toMatchObject({
      topic: topics.cityReceipts(CITY),
      messageKey: m.key,
      eventId: receipt!.data.id,
    });
    expect(receipt!.row.headers).toMatchObject({
      ce_source: "/city/350200",
      ce_pesrecipient: "test-province-enc",
    });
    expect(receipt!.data).toEqual({
      id: receiptId({
        source: "/city/350200",
        flowbackId: m.headers.ce_id!,
        topic: flowbackTopic,
        partition: 1,
        offset: "42",
        outcome: "applied",
      }),
      flowbackId: m.headers.ce_id,
      flowbackType: "cn.gov.fj.pes.registration-closure-instruction.v1",
      flowbackKey: m.key,
      digest: digestOf(m),
      outcome: "applied",
      reasonCode: "already-closed",
      reason: "closed before",
      appliedAt: AT.toISOString(),
    });
  });

  it("acknowledges refused records whose id it can read, with the reason; not a replayed copy", async () => {
    const forged = published();
    const rejected = published();
    const replayed = published();
    const noId = published();
    delete (noId.headers as Record<string, string>).ce_id;
    const notUuid = published();
    notUuid.headers.ce_id = "not-a-uuid";
    const refused = (m: ReturnType<typeof published>, offset: string, why: RefusedRecord["why"]) => ({
      topic: flowbackTopic,
      partition: 0,
      message: asKafka(m, offset),
      why,
    });
    await handle.db.transaction((tx) =>
      receipts.refused(tx, [
        refused(forged, "1", { reason: "forged", detail: "the signature does not verify\nover the root" }),
        refused(rejected, "2", {
          reason: "handler-rejected",
          detail: "no such registration at this node",
          code: "unknown-registration",
        }),
        refused(replayed, "3", { reason: "replayed", detail: "applied before" }),
        refused(noId, "4", { reason: "missing-envelope", detail: "no ce_id" }),
        refused(notUuid, "5", { reason: "forged", detail: "the signature does not verify" }),
      ]),
    );
    const all = await written();
    expect(all.map((r) => r.data.flowbackId)).toEqual([forged.headers.ce_id, rejected.headers.ce_id]);
    expect(all[0]!.data).toMatchObject({
      outcome: "refused",
      reasonCode: "forged",
      reason: "the signature does not verify over the root",
      digest: digestOf(forged),
      refusedAt: AT.toISOString(),
    });
    expect(all[1]!.data).toMatchObject({ reasonCode: "unknown-registration", digest: digestOf(rejected) });
  });

  it("writes nothing off flow-back, nor for a source it cannot sign as", async () => {
    const m = published();
    const elsewhere = { topic: topics.flowbackGig("xm-siming"), partition: 0, message: asKafka(m, "1") };
    await handle.db.transaction(async (tx) => {
      await receipts.refused(tx, [
        { ...elsewhere, why: { reason: "not-for-us", detail: "sealed for another" } },
      ]);
      await receipts.refused(tx, [
        { ...elsewhere, topic: topics.cityPerson(CITY), why: { reason: "forged", detail: "" } },
      ]);
    });
    expect(await written()).toEqual([]);
    expect(receiptRouteOf(topics.flowbackGig("xm-siming"))).toEqual({
      source: "/gig/xm-siming",
      topic: "pes.gig.xm-siming.receipts",
    });
    expect(receiptRouteOf(topics.cityPerson(CITY))).toBeUndefined();
  });

  it("names a receipt by what it acknowledges, where it was read and how: a UUID", () => {
    const parts = {
      source: "/city/350200",
      flowbackId: randomUUID(),
      topic: flowbackTopic,
      partition: 0,
      offset: "7",
      outcome: "refused" as const,
    };
    const id = receiptId(parts);
    expect(RecordId.safeParse(id).success).toBe(true);
    expect(receiptId(parts)).toBe(id);
    expect(receiptId({ ...parts, offset: "8" })).not.toBe(id);
    expect(receiptId({ ...parts, outcome: "applied" })).not.toBe(id);
  });
});
