import { randomUUID } from "node:crypto";
import { createKafkaProbe, type KafkaProbe } from "@pes/http";
import {
  decodeEvent,
  encodeEvent,
  headerText,
  personKeyOf,
  registrationClosureInstruction,
  sourceOf,
  topics,
} from "@pes/schemas";
import { createKafka, createProducer, provisionTopics, readDeadLetter, readTrusted } from "@pes/sync";
import { sealAndSign, startGroupAtEnd, TEST_BROKERS, testTrust, waitFor } from "@pes/sync/testing";
import type { KafkaMessage } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { startStreams } from "../src/streams/runtime.js";
import {
  application,
  bodies,
  idNumber,
  staffWithToken,
  TEST_PERSON_KEY_SECRET,
  testDatabase,
  testServices,
} from "./support/index.js";

/** One city node with its own database, its relay and its flow-back consumer, on the shared broker. */
async function startNode(cityCode: "350200" | "350500", cityName: string, clerkDivision: string) {
  const testDb = await testDatabase(`e2e${cityCode}`, cityCode);
  const { db } = testDb;
  const probe: KafkaProbe = createKafkaProbe({ clientId: `e2e-${cityCode}`, brokers: TEST_BROKERS });
  const services = testServices({ cityCode, cityName }, db, probe);
  // Only the flow-back this test sends: the topic keeps every earlier run's, which a new group would
  // otherwise read (and mostly refuse) first.
  const groupId = `e2e-city-node-${cityCode}-${randomUUID()}`;
  const admin = createKafka({ brokers: TEST_BROKERS, clientId: `e2e-${cityCode}-admin` }).admin();
  await admin.connect();
  await startGroupAtEnd(admin, groupId, [topics.flowbackCity(cityCode)]).finally(() => admin.disconnect());
  const streams = await startStreams({ cityCode, kafkaBrokers: TEST_BROKERS }, db, services, () => {}, {
    groupId,
  });
  const clerk = await staffWithToken(db, "clerk", clerkDivision);
  const app = createApp(services);
  return {
    async post(path: string, body: unknown) {
      const res = await app.request(path, {
        method: "POST",
        headers: { ...clerk.headers, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async get(path: string) {
      return (await (await app.request(path, { headers: clerk.headers })).json()) as Record<string, unknown>;
    },
    async close() {
      await streams.close();
      await probe.close();
      await testDb.close();
    },
  };
}

/** The province's test keys: it reads the cities' topics and signs their flow-back. */
const province = testTrust(sourceOf.province());

/** A record a node published, as the province reads it: from its city, signed, opened; else throws. */
function opened(s: { topic: string; message: KafkaMessage }): string {
  const read = readTrusted(province, { topic: s.topic, headers: s.message.headers, value: s.message.value });
  if (read.ok !== true) throw new Error(`not a trusted record: ${JSON.stringify(read)}`);
  return read.value;
}

/** Flow-back for 厦门 as the hub's relay puts it on the topic: sealed for the city, signed by the province. */
const fromProvince = <M extends { value: string; headers: Record<string, string> }>(...messages: M[]) =>
  sealAndSign(province, sourceOf.city("350200"), messages);

describe("two city nodes on one broker and one PostgreSQL server", () => {
  const kafka = createKafka({ brokers: TEST_BROKERS, clientId: "e2e-city" });
  const producer = createProducer(kafka);
  const seen: Array<{ topic: string; message: KafkaMessage }> = [];
  const watchGroup = `e2e-watch-${randomUUID()}`;
  const watcher = kafka.consumer({ groupId: watchGroup });
  const watched = [
    topics.cityPerson("350200"),
    topics.cityPerson("350500"),
    topics.cityMaster("350200"),
    topics.deadLetters(),
  ];
  let xiamen: Awaited<ReturnType<typeof startNode>>;
  let quanzhou: Awaited<ReturnType<typeof startNode>>;

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await provisionTopics(admin, { cities: ["350200", "350500"], markets: [] });
    // Only what this run publishes: the shared topics keep every earlier run's records, which a
    // watcher reading from the beginning must wade through first.
    await startGroupAtEnd(admin, watchGroup, watched);
    await admin.disconnect();
    await producer.connect();
    await watcher.connect();
    for (const topic of watched) await watcher.subscribe({ topic });
    await watcher.run({ eachMessage: async ({ topic, message }) => void seen.push({ topic, message }) });
    xiamen = await startNode("350200", "厦门", "350203");
    quanzhou = await startNode("350500", "泉州", "350582");
  });
  afterAll(async () => {
    await xiamen?.close();
    await quanzhou?.close();
    await watcher.disconnect();
    await producer.disconnect();
  });

  const published = (subject: string) =>
    seen.filter((s) => headerText(s.message.headers, "ce_subject") === subject);
  const firstPublished = (subject: string) => published(subject)[0];

  it("publishes each registration made over HTTP on its own city's topic, in a valid envelope, as itself", async () => {
    const id = idNumber();
    const xm = await xiamen.post("/v1/unemployment-registrations", application(id));
    expect(xm.status, JSON.stringify(xm.body)).toBe(201);
    const qzApp = application(idNumber());
    qzApp.person.divisionCode = "350582001001";
    qzApp.servicePointId = "sp-jinjiang-01";
    const qz = await quanzhou.post("/v1/unemployment-registrations", qzApp);
    expect(qz.status, JSON.stringify(qz.body)).toBe(201);

    const xmMsg = await waitFor(() => firstPublished(String(xm.body.id)), {
      what: "the Xiamen registration on Kafka",
    });
    expect(xmMsg.topic).toBe("pes.city.350200.person");
    expect(xmMsg.message.key?.toString()).toBe(personKeyOf(id, TEST_PERSON_KEY_SECRET));
    // Sealed for the province and signed by the node's city: nothing of it is readable on the topic.
    expect(String(xmMsg.message.value)).not.toContain(id);
    const decoded = decodeEvent(xmMsg.message.headers, opened(xmMsg));
    expect(decoded.ok).toBe(true);
    if (decoded.ok) {
      expect(decoded.event.attributes).toMatchObject({
        source: "/city/350200",
        type: "cn.gov.fj.pes.unemployment-registration.v2",
        specversion: "1.0",
      });
      expect(decoded.event.data).toMatchObject({
        id: xm.body.id,
        state: "applied",
        cityCode: "350200",
        person: { idNumber: id },
      });
    }
    const qzMsg = await waitFor(() => firstPublished(String(qz.body.id)), {
      what: "the Quanzhou registration on Kafka",
    });
    expect(qzMsg.topic).toBe("pes.city.350500.person");
    expect(headerText(qzMsg.message.headers, "ce_source")).toBe("/city/350500");
  });

  it("publishes an enterprise layoff report on its city's master topic, keyed by the credit code, and its revision after it", async () => {
    const body = { ...bodies.layoffReport(), sourceRecordId: `E2E-CY-${randomUUID()}` };
    const report = await xiamen.post("/v1/enterprise-layoff-reports", body);
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    const msg = await waitFor(() => firstPublished(String(report.body.id)), {
      what: "the layoff report on Kafka",
    });
    expect(msg.topic).toBe("pes.city.350200.master");
    expect(msg.message.key?.toString()).toBe(body.enterprise.creditCode);
    const decoded = decodeEvent(msg.message.headers, opened(msg));
    expect(decoded.ok).toBe(true);
    if (decoded.ok) {
      expect(decoded.event.attributes).toMatchObject({
        source: "/city/350200",
        type: "cn.gov.fj.pes.enterprise-layoff-report.v1",
      });
      expect(decoded.event.data).toMatchObject({
        id: report.body.id,
        revision: 1,
        cityCode: "350200",
        districtCode: "350203",
        enterprise: body.enterprise,
        kind: "layoff",
        persons: 25,
        workforce: 180,
      });
    }
    // Corrected by the city system (its own id again): revision 2 on the same key, so in order after 1.
    const revised = await xiamen.post("/v1/enterprise-layoff-reports", { ...body, persons: 30 });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    const both = await waitFor(
      () => (published(String(report.body.id)).length === 2 ? published(String(report.body.id)) : undefined),
      { what: "the revision of the layoff report on Kafka" },
    );
    expect(both.map((s) => s.message.key?.toString())).toEqual([
      body.enterprise.creditCode,
      body.enterprise.creditCode,
    ]);
    expect(both.map((s) => JSON.parse(opened(s)))).toMatchObject([
      { revision: 1, persons: 25 },
      { revision: 2, persons: 30 },
    ]);
  });

  it("closes a registration when the province's flow-back says the person registered elsewhere, and publishes the closure", async () => {
    const id = idNumber();
    const xm = await xiamen.post("/v1/unemployment-registrations", application(id));
    await xiamen.post(`/v1/unemployment-registrations/${xm.body.id}/register`, {
      registeredOn: "2025-09-29",
    });
    const person = xm.body.person as { birthDate: string; sex: "male" | "female" };
    const instruction = encodeEvent(
      registrationClosureInstruction,
      {
        id: randomUUID(),
        revision: 1,
        cityCode: "350200",
        recordedAt: new Date().toISOString(),
        person: {
          key: personKeyOf(id, TEST_PERSON_KEY_SECRET),
          idNumber: id,
          name: "陈明",
          sex: person.sex,
          birthDate: person.birthDate,
        },
        registrationId: String(xm.body.id),
        reason: "registered-elsewhere",
        evidence: {
          cityCode: "350500",
          recordType: "unemployment-registration",
          recordId: randomUUID(),
          effectiveOn: "2025-10-20",
        },
        decidedAt: new Date().toISOString(),
      },
      { source: sourceOf.province() },
    );
    const message = { key: instruction.key, value: instruction.value, headers: instruction.headers };
    // Sent twice, as a retrying hub's relay might (it signs each publication anew): applied once.
    await producer.send({
      topic: topics.flowbackCity("350200"),
      acks: -1,
      messages: [...fromProvince(message), ...fromProvince(message)],
    });

    await waitFor(
      async () => (await xiamen.get(`/v1/unemployment-registrations/${xm.body.id}`)).state === "closed",
      { what: "the registration closed by flow-back" },
    );
    expect(await xiamen.get(`/v1/unemployment-registrations/${xm.body.id}`)).toMatchObject({
      closeReason: "registered-elsewhere",
      closedOn: "2025-10-20",
      revision: 3,
    });
    const closure = await waitFor(() =>
      published(String(xm.body.id)).find((s) => JSON.parse(opened(s)).state === "closed"),
    );
    expect(closure.topic).toBe("pes.city.350200.person");
  });

  it("closes an application still applied when the province's flow-back says the person is employed elsewhere", async () => {
    const id = idNumber();
    const xm = await xiamen.post("/v1/unemployment-registrations", application(id));
    const person = xm.body.person as { birthDate: string; sex: "male" | "female" };
    const instruction = encodeEvent(
      registrationClosureInstruction,
      {
        id: randomUUID(),
        revision: 1,
        cityCode: "350200",
        recordedAt: new Date().toISOString(),
        person: {
          key: personKeyOf(id, TEST_PERSON_KEY_SECRET),
          idNumber: id,
          name: "陈明",
          sex: person.sex,
          birthDate: person.birthDate,
        },
        registrationId: String(xm.body.id),
        reason: "employed-elsewhere",
        evidence: {
          cityCode: "350500",
          recordType: "employment-registration",
          recordId: randomUUID(),
          effectiveOn: "2025-10-09",
        },
        decidedAt: new Date().toISOString(),
      },
      { source: sourceOf.province() },
    );
    await producer.send({
      topic: topics.flowbackCity("350200"),
      acks: -1,
      messages: fromProvince({
        key: instruction.key,
        value: instruction.value,
        headers: instruction.headers,
      }),
    });
    await waitFor(
      async () => (await xiamen.get(`/v1/unemployment-registrations/${xm.body.id}`)).state === "closed",
      { what: "the application closed by flow-back" },
    );
    const closed = await xiamen.get(`/v1/unemployment-registrations/${xm.body.id}`);
    expect(closed).toMatchObject({ closeReason: "employed", closedOn: "2025-10-09", revision: 2 });
    expect(closed.registeredOn).toBeUndefined();
    const closure = await waitFor(() =>
      published(String(xm.body.id)).find((s) => JSON.parse(opened(s)).state === "closed"),
    );
    expect(JSON.parse(opened(closure))).toMatchObject({ closeReason: "employed" });
  });

  it("dead-letters a flow-back instruction about a registration the node never had, and goes on", async () => {
    const id = idNumber();
    const bogus = encodeEvent(
      registrationClosureInstruction,
      {
        id: randomUUID(),
        revision: 1,
        cityCode: "350200",
        recordedAt: new Date().toISOString(),
        person: { key: personKeyOf(id, TEST_PERSON_KEY_SECRET), idNumber: id, name: "林某" },
        registrationId: randomUUID(),
        reason: "employed-elsewhere",
        evidence: {
          cityCode: "350100",
          recordType: "employment-registration",
          recordId: randomUUID(),
          effectiveOn: "2025-10-20",
        },
        decidedAt: new Date().toISOString(),
      },
      { source: sourceOf.province() },
    );
    await producer.send({
      topic: topics.flowbackCity("350200"),
      acks: -1,
      messages: fromProvince({ key: bogus.key, value: bogus.value, headers: bogus.headers }),
    });
    const dead = await waitFor(
      () =>
        seen.find(
          (s) =>
            s.topic === topics.deadLetters() &&
            headerText(s.message.headers, "ce_id") === bogus.attributes.id,
        ),
      {
        what: "the dead letter",
      },
    );
    expect(readDeadLetter(dead.message.headers)).toMatchObject({
      reason: "handler-rejected",
      fieldPath: "registrationId",
      originTopic: "pes.flowback.city.350200",
    });
    // The consumer went on: a registration made now still flows.
    const after = await xiamen.post("/v1/unemployment-registrations", application());
    await waitFor(() => published(String(after.body.id)).length > 0, {
      what: "records flowing after the dead letter",
    });
  });
});
