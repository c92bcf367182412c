import { randomUUID } from "node:crypto";
import {
  encodeEvent,
  FlowbackReceipt,
  fromKafkaHeaders,
  headerText,
  personKeyOf,
  registrationClosureInstruction,
  sealAttributesOf,
  sourceOf,
  TRUST_HEADERS,
  topics,
} from "@pes/schemas";
import { createKafka, createProducer, provisionTopics, readDeadLetter, recordDigest } from "@pes/sync";
import { sealAndSign, startGroupAtEnd, TEST_BROKERS, testTrust, waitFor } from "@pes/sync/testing";
import type { KafkaMessage } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStreams } from "../src/streams/runtime.js";
import {
  application,
  idNumber,
  type LedgerNode,
  ledgerNode,
  openAsProvince,
  TEST_PERSON_KEY_SECRET,
} from "./support/index.js";

/**
 * The node applies flow-back only from the province: signed by a registered key of /province, over
 * the very bytes it reads, sealed for this city (docs/adr/0006). Anything else is dead-lettered with
 * its reason and changes nothing but a refused receipt (docs/adr/0007). Once a closure instruction
 * with source /attacker closed a registration; it must not any more.
 */
const CITY = "350200";
const topic = topics.flowbackCity(CITY);
const province = testTrust(sourceOf.province());

type Message = { key: string | null; value: string; headers: Record<string, string> };

const kafka = createKafka({ brokers: TEST_BROKERS, clientId: "city-flowback-trust-test" });
const producer = createProducer(kafka);
const watcher = kafka.consumer({ groupId: `city-flowback-trust-dlq-${randomUUID()}` });
const groupId = `city-flowback-trust-${randomUUID()}`;
const deadLetters: KafkaMessage[] = [];
const errors: unknown[] = [];
let node: LedgerNode;
let streams: Awaited<ReturnType<typeof startStreams>>;

beforeAll(async () => {
  node = await ledgerNode("flowtrust");
  const admin = kafka.admin();
  await admin.connect();
  await provisionTopics(admin, { cities: [CITY], markets: [] });
  // Only what this test sends: the topic holds other runs' flow-back.
  await startGroupAtEnd(admin, groupId, [topic]);
  const ends = await admin.fetchTopicOffsets(topics.deadLetters());
  await admin.disconnect();
  await producer.connect();
  await watcher.connect();
  await watcher.subscribe({ topic: topics.deadLetters() });
  await watcher.run({ eachMessage: async ({ message }) => void deadLetters.push(message) });
  for (const { partition, offset } of ends) watcher.seek({ topic: topics.deadLetters(), partition, offset });
  streams = await startStreams(
    { cityCode: CITY, kafkaBrokers: TEST_BROKERS },
    node.db,
    node.services,
    (e) => errors.push(e),
    { groupId },
  );
});

afterAll(async () => {
  await streams?.close();
  await watcher.disconnect();
  await producer.disconnect();
  await node?.close();
});

/** A registration of a fresh person, registered (revision 2); its id and the person's ID number. */
async function registration() {
  const id = idNumber();
  const applied = await node.post("/v1/unemployment-registrations", application(id));
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  const registered = await node.post(`/v1/unemployment-registrations/${applied.body.id}/register`, {
    registeredOn: "2025-09-29",
  });
  expect(registered.status, JSON.stringify(registered.body)).toBe(200);
  return {
    id: String(applied.body.id),
    idNumber: id,
    person: registered.body.person as Record<string, string>,
  };
}

/** A closure instruction for the registration, as an encoded record claiming `source`. */
function closure(reg: Awaited<ReturnType<typeof registration>>, source = sourceOf.province()): Message {
  const encoded = encodeEvent(
    registrationClosureInstruction,
    {
      id: randomUUID(),
      revision: 1,
      cityCode: CITY,
      recordedAt: new Date().toISOString(),
      person: {
        key: personKeyOf(reg.idNumber, TEST_PERSON_KEY_SECRET),
        idNumber: reg.idNumber,
        name: "陈明",
        sex: reg.person.sex as "male" | "female",
        birthDate: reg.person.birthDate!,
      },
      registrationId: reg.id,
      reason: "registered-elsewhere",
      evidence: {
        cityCode: "350500",
        recordType: "unemployment-registration",
        recordId: randomUUID(),
        effectiveOn: "2025-10-20",
      },
      decidedAt: new Date().toISOString(),
    },
    { source },
  );
  return { key: encoded.key, value: encoded.value, headers: encoded.headers };
}

/** Sealed for the city and signed by the province, as the hub's relay publishes it. */
const fromProvince = (m: Message) => sealAndSign(province, sourceOf.city(CITY), [m])[0]!;

const send = (...messages: Message[]) => producer.send({ topic, acks: -1, messages });

/** This test's consumer's dead letters of the given events, by event id: reason and origin. */
async function deadLettered(ids: readonly string[]) {
  const mine = () => {
    const found = new Map<string, ReturnType<typeof readDeadLetter>>();
    for (const m of deadLetters) {
      const view = readDeadLetter(m.headers);
      const id = headerText(m.headers, "ce_id");
      if (view.group === groupId && id && ids.includes(id)) found.set(id, view);
    }
    return found.size === ids.length ? found : undefined;
  };
  return waitFor(mine, { what: `${ids.length} dead letters of the test's group` });
}

const get = async (id: string) => (await node.get(`/v1/unemployment-registrations/${id}`)).body;

/** The record's leaf as it arrived (docs/adr/0006): what a receipt reports. */
function digestOf(m: Message): string {
  const attrs = fromKafkaHeaders(m.headers);
  if (!attrs.success) throw new Error("no envelope");
  return recordDigest(attrs.data, sealAttributesOf(m.headers), m.value).toString("hex");
}

/** The receipts in the node's outbox for these records, opened as the province opens them (docs/adr/0007). */
async function receiptsOf(messages: readonly Message[]) {
  const ids = messages.map((m) => m.headers.ce_id);
  const rows = await node.rows<{ headers: Record<string, string>; payload: string }>(
    `select headers, payload from pes_outbox where topic = '${topics.cityReceipts(CITY)}' order by id`,
  );
  return rows
    .map((row) => FlowbackReceipt.parse(JSON.parse(openAsProvince(row.headers, row.payload))))
    .filter((r) => ids.includes(r.flowbackId));
}

describe("the city node's flow-back is the province's alone", () => {
  it("dead-letters flow-back not from the province, forged, altered or not sealed for the city, and changes nothing", async () => {
    const reg = await registration();
    const before = await get(reg.id);
    expect(before).toMatchObject({ state: "registered", revision: 2 });
    const tables = ["pes_outbox", "unemployment_registrations", "flowback_notices", "persons"];
    const counts = await node.counts(tables);

    // The record: a closure instruction whose source is /attacker, signed by the attacker's own key.
    const attacker = sealAndSign(testTrust("/attacker"), sourceOf.city(CITY), [
      closure(reg, "/attacker"),
    ])[0]!;
    // One that claims the province, unsigned (as every record was before records were signed).
    const unsigned = closure(reg);
    // One that claims the province, signed with a city's key (registered, but for /city/350500).
    const quanzhou = testTrust(sourceOf.city("350500")).ring.signingKey(sourceOf.city("350500"));
    const cityRing = { ...province.ring, signingKey: () => quanzhou };
    const byCity = sealAndSign({ ...province, ring: cityRing }, sourceOf.city(CITY), [closure(reg)])[0]!;
    // The province's signature of another batch put on this record: forged.
    const other = fromProvince(closure(reg));
    const victim = fromProvince(closure(reg));
    const forged: Message = {
      ...victim,
      headers: { ...victim.headers, [TRUST_HEADERS.signature]: other.headers[TRUST_HEADERS.signature]! },
    };
    // A signed record whose value was swapped for another sealed value: altered.
    const signed = fromProvince(closure(reg));
    const altered = { ...signed, value: other.value };
    // Signed by the province, but sealed for another city: the node cannot open it.
    const elsewhere = sealAndSign(province, sourceOf.city("350500"), [closure(reg)])[0]!;

    const bad: Record<string, Message> = { attacker, unsigned, byCity, forged, altered, elsewhere };
    await send(...Object.values(bad));
    const dead = await deadLettered(Object.values(bad).map((m) => m.headers.ce_id!));
    const reasonOf = (m: Message) => dead.get(m.headers.ce_id!)?.reason;
    expect({
      attacker: reasonOf(attacker),
      unsigned: reasonOf(unsigned),
      byCity: reasonOf(byCity),
      forged: reasonOf(forged),
      altered: reasonOf(altered),
      elsewhere: reasonOf(elsewhere),
    }).toEqual({
      attacker: "wrong-source",
      unsigned: "unsigned",
      byCity: "unknown-signer",
      forged: "forged",
      altered: "altered",
      elsewhere: "not-for-us",
    });
    for (const view of dead.values()) expect(view.originTopic).toBe(topic);

    // Nothing changed: the registration is as it was, nothing was kept, and what the node wrote to its
    // outbox is one refused receipt for each, with the reason and the digest of what arrived.
    expect(await get(reg.id)).toEqual(before);
    const refused = await receiptsOf(Object.values(bad));
    expect(await node.counts(tables)).toEqual({ ...counts, pes_outbox: counts.pes_outbox! + refused.length });
    expect(
      Object.fromEntries(
        Object.entries(bad).map(([name, m]) => [name, refused.find((r) => r.flowbackId === m.headers.ce_id)]),
      ),
    ).toEqual(
      Object.fromEntries(
        Object.entries(bad).map(([name, m]) => [
          name,
          expect.objectContaining({ outcome: "refused", reasonCode: reasonOf(m), digest: digestOf(m) }),
        ]),
      ),
    );

    // The province's own instruction, sent after them, closes it: the consumer went on.
    const instruction = fromProvince(closure(reg));
    await send(instruction);
    await waitFor(async () => (await get(reg.id)).state === "closed", {
      what: "the registration closed by the province's flow-back",
    });
    expect(await get(reg.id)).toMatchObject({ closeReason: "registered-elsewhere", revision: 3 });
    const [applied, ...more] = await receiptsOf([instruction]);
    expect(more).toEqual([]);
    expect(applied).toMatchObject({
      outcome: "applied",
      flowbackType: "cn.gov.fj.pes.registration-closure-instruction.v1",
      flowbackKey: instruction.key,
      digest: digestOf(instruction),
    });

    // The very same record put back on the topic (same signature, another offset) is a replay.
    await send(instruction);
    const replayed = await waitFor(
      () =>
        deadLetters
          .map((m) => ({ id: headerText(m.headers, "ce_id"), view: readDeadLetter(m.headers) }))
          .find((d) => d.id === instruction.headers.ce_id && d.view.group === groupId),
      { what: "the replayed copy dead-lettered" },
    );
    expect(replayed.view.reason).toBe("replayed");
    expect(await get(reg.id)).toMatchObject({ state: "closed", revision: 3 });
    // The copy is not acknowledged again: the record has its receipt.
    expect(await receiptsOf([instruction])).toEqual([applied]);
    expect(errors).toEqual([]);
  });
});

describe("the city node acknowledges what it applies and refuses (docs/adr/0007)", () => {
  it("refuses a closure of a registration it never had, with its rule; notes one closed before", async () => {
    const reg = await registration();
    const unknown = fromProvince(closure({ ...reg, id: randomUUID() }));
    await send(unknown);
    const dead = await deadLettered([unknown.headers.ce_id!]);
    expect(dead.get(unknown.headers.ce_id!)?.reason).toBe("handler-rejected");
    const [refused] = await waitFor(async () => {
      const found = await receiptsOf([unknown]);
      return found.length ? found : undefined;
    });
    expect(refused).toMatchObject({
      outcome: "refused",
      reasonCode: "unknown-registration",
      reason: "no such registration at this node",
      digest: digestOf(unknown),
      refusedAt: expect.any(String),
    });

    // Closed at the desk first: the instruction asks for what holds, and the receipt says so.
    expect(
      (
        await node.post(`/v1/unemployment-registrations/${reg.id}/close`, {
          reason: "moved-away",
          closedOn: "2025-10-10",
        })
      ).status,
    ).toBe(200);
    const late = fromProvince(closure(reg));
    await send(late);
    const [applied] = await waitFor(async () => {
      const found = await receiptsOf([late]);
      return found.length ? found : undefined;
    });
    expect(applied).toMatchObject({ outcome: "applied", reasonCode: "already-closed" });
    expect(errors).toEqual([]);
  });
});
