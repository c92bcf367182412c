import { randomUUID } from "node:crypto";
import {
  startDeadLetterIndexer,
  startIngest,
  TEST_TRUST,
  type TestDatabase,
  testDatabase,
} from "@pes/province-hub/testing";
import { encodeEvent, sourceOf, toKafkaHeaders, topics, trainingRecord } from "@pes/schemas";
import { sampleRecord } from "@pes/schemas/samples";
import {
  createKafka,
  createProducer,
  createTopicsWithLeaders,
  PiiCipher,
  provisionTopics,
  RejectedRecordError,
  rowsOf,
  sealAndSign,
} from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import { startGroupAtEnd, TEST_BROKERS, testTrust, waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CityNodeProcess, cityNodeProcess } from "./support/city-node.js";
import { person } from "./support/person.js";

// Issue 17 #5 and #6 across the services: a real 三明 city node process and the hub's ingest and
// dead-letter index on the broker. A record the hub refuses reaches the city's GET /v1/rejections with
// its source id and field path, and a corrected revision clears it (and the hub takes it); a forged
// record claiming 三明 is told to nobody; and the node's change feed gives each flow-back item once
// across a restart of the node, from a cursor taken before it.
//
// 三明 (350400): no other test publishes on its topics or reads its flow-back; this hub reads only them,
// so it refuses no other test's records either.
const SANMING = "350400";
const SECRET = `feedback-person-key-secret-${randomUUID()}`;
const run = randomUUID().slice(0, 8);
const hubGroup = `feedback-hub-${run}`;
const nodeGroup = `feedback-city-${run}`;
const deadLetterTopic = `pes.test.feedback-${run}.dlq`;

/**
 * A rule of the province's ingest that this city's node does not know (as after an upgrade of the
 * hub): a subsidised training names its provider. The hub refuses such a record, as a rule.
 */
const subsidyNeedsProvider = async (
  _tx: unknown,
  chunk: { records: readonly { type: string; data: Record<string, unknown> }[] },
) => {
  for (const r of chunk.records)
    if (r.type === "training-record" && r.data.subsidised === true && !r.data.providerId)
      throw new RejectedRecordError(
        "a subsidised training names its provider",
        "providerId",
        "subsidy-needs-provider",
      );
};

// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely
type Json = any;

describe("feedback from the province to a city's system, end to end", () => {
  let hubTestDb: TestDatabase;
  let hubDb: DatabaseHandle;
  let hub: Awaited<ReturnType<typeof startIngest>>;
  let indexer: Awaited<ReturnType<typeof startDeadLetterIndexer>>;
  let sanming: CityNodeProcess;
  const producer = createProducer(createKafka({ brokers: TEST_BROKERS, clientId: "feedback-test-city" }));

  beforeAll(async () => {
    const admin = createKafka({ brokers: TEST_BROKERS, clientId: "feedback-hub" }).admin();
    await admin.connect();
    await provisionTopics(admin, { cities: [SANMING], markets: [] });
    await createTopicsWithLeaders(admin, [
      { topic: deadLetterTopic, numPartitions: 1, replicationFactor: 1 },
    ]);
    // Only what this run publishes and sends back: the topics keep earlier runs' records.
    await startGroupAtEnd(admin, hubGroup, [topics.cityPerson(SANMING), topics.cityMaster(SANMING)]);
    await startGroupAtEnd(admin, nodeGroup, [topics.flowbackCity(SANMING)]);
    await admin.disconnect();
    await producer.connect();
    hubTestDb = await testDatabase("fbhub");
    hubDb = hubTestDb.db;
    hub = await startIngest(hubDb, {
      kafkaBrokers: TEST_BROKERS,
      personKeySecret: SECRET,
      cipher: new PiiCipher(Buffer.alloc(32, 9).toString("base64")),
      trust: TEST_TRUST,
      groupId: hubGroup,
      deadLetterTopic,
      topics: [topics.cityPerson(SANMING), topics.cityMaster(SANMING)],
      extensions: [subsidyNeedsProvider],
    });
    // The hub's dead-letter index: it enters the refusals in the evidence log and tells the city.
    indexer = await startDeadLetterIndexer({
      brokers: TEST_BROKERS,
      db: hubDb.db,
      topic: deadLetterTopic,
      groupId: `${hubGroup}-dead-letters`,
      trust: TEST_TRUST,
      evidenceGroups: [hubGroup],
      noticeGroups: [hubGroup],
    });
    sanming = await cityNodeProcess({
      cityCode: SANMING,
      label: "fbcity",
      personKeySecret: SECRET,
      consumerGroup: nodeGroup,
      adminName: "反馈测试",
      listenTimeoutMs: 60_000,
    });
  }, 180_000);

  afterAll(async () => {
    await sanming?.close();
    await indexer?.stop();
    await hub?.close();
    await hubTestDb?.close();
    await producer.disconnect();
    const admin = createKafka({ brokers: TEST_BROKERS, clientId: "feedback-cleanup" }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [deadLetterTopic] }).catch(() => undefined);
    await admin.disconnect();
  });

  const call = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`${sanming.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${sanming.adminToken}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json() };
  };

  /** The rejection of `recordId` at the node (state=all) once `done` holds of it. */
  const rejectionAtNode = (recordId: string, done: (r: Record<string, unknown>) => boolean, what: string) =>
    waitFor(
      async () => {
        const res = await call("GET", "/v1/rejections?state=all&limit=200");
        const found = res.body.items?.find((r: { recordId: string }) => r.recordId === recordId);
        return found && done(found) ? found : undefined;
      },
      { timeoutMs: 90_000, what },
    );

  const openAtNode = async () =>
    (await call("GET", "/v1/rejections")).body.items.map((r: { recordId: string }) => r.recordId);

  /** The hub's newest revision of record `id`, once it has `revision`. */
  const atHub = (id: string, revision: number) =>
    waitFor(
      async () => {
        const [row] = rowsOf<{ revision: number }>(
          await hubDb.db.execute(sql`select revision from hub_records where record_id = ${id}`),
        );
        return row && row.revision >= revision ? row : undefined;
      },
      { timeoutMs: 60_000, what: `revision ${revision} of ${id} at the hub` },
    );

  /** The whole change feed from `cursor`, page by page, and the cursor it ends at. */
  async function feed(cursor?: string) {
    // biome-ignore lint/suspicious/noExplicitAny: items are read loosely
    const items: any[] = [];
    let at = cursor;
    for (;;) {
      const res = await call("GET", `/v1/changes?limit=2${at ? `&cursor=${at}` : ""}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      items.push(...res.body.items);
      at = res.body.nextCursor;
      if (!res.body.hasMore) return { items, cursor: at! };
    }
  }

  let next = 700;
  /** A training of 三明 signed and sealed as its relay would, without its node: the city's own system's producer. */
  async function publishedAsSanming(overrides: Record<string, unknown>) {
    const who = person(next++, { birthDate: "1993-03-03", secret: SECRET });
    const data = sampleRecord("training-record", {
      id: randomUUID(),
      cityCode: SANMING,
      districtCode: undefined,
      person: { key: who.key, idNumber: who.idNumber, name: who.name, sex: undefined, birthDate: undefined },
      ...overrides,
    });
    const e = encodeEvent(trainingRecord, data, { source: sourceOf.city(SANMING) });
    return { key: e.key, value: e.value, headers: toKafkaHeaders(e.attributes), id: String(data.id) };
  }

  it("tells 三明 what the province refused, with its source id and field; a corrected revision clears it", async () => {
    const { idNumber, name } = person(611, { birthDate: "1990-05-05", secret: SECRET });
    const training = {
      sourceRecordId: "SM-PX-2025-0001",
      person: { idNumber, name, divisionCode: "350404001001" },
      kind: "employment-skills",
      course: "电工（中级）",
      stage: "enrolled",
      enrolledOn: "2025-04-01",
      subsidised: true,
    };
    const created = await call("POST", "/v1/training-records", training);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = String(created.body.id);

    const refused = await rejectionAtNode(id, (r) => r.state === "open", "the rejection at the node");
    expect(refused).toMatchObject({
      recordId: id,
      sourceRecordId: "SM-PX-2025-0001",
      kind: "training-record",
      revision: 1,
      stage: "rule",
      reasonCode: "subsidy-needs-provider",
      reason: "a subsidised training names its provider",
      fieldPaths: ["providerId"],
      problems: [{ path: "providerId", message: "a subsidised training names its provider" }],
    });
    // The hub's dead letter names the notice it sent; the hub holds no revision of the record.
    const letters = rowsOf<{ reason: string; code: string | null }>(
      await hubDb.db.execute(
        sql`select reason, code from hub_dead_letters where notice_id = ${refused.noticeId}`,
      ),
    );
    expect(letters).toEqual([{ reason: "handler-rejected", code: "subsidy-needs-provider" }]);
    expect(rowsOf(await hubDb.db.execute(sql`select 1 from hub_records where record_id = ${id}`))).toEqual(
      [],
    );

    // The city's system corrects it by its own id: revision 2, which clears the rejection at once…
    const corrected = await call("POST", "/v1/training-records", {
      ...training,
      providerId: "sm-training-01",
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect(corrected.body).toMatchObject({ id, revision: 2 });
    expect(await openAtNode()).not.toContain(id);
    // …and the province takes it.
    expect((await atHub(id, 2)).revision).toBe(2);
    const cleared = await rejectionAtNode(id, () => true, "the cleared rejection");
    expect(cleared).toMatchObject({ state: "cleared", revision: 1, clearedByRevision: 2 });
  }, 180_000);

  it("tells 三明 nothing of a forged record claiming to be its own", async () => {
    // Signed with 福州's key, claiming 三明, and breaking the province's rule: refused as unknown-signer.
    const forged = await publishedAsSanming({ subsidised: true, providerId: undefined });
    const fuzhou = testTrust(sourceOf.city("350100"));
    const asFuzhou = { ...fuzhou.ring, signingKey: () => fuzhou.ring.signingKey(sourceOf.city("350100")) };
    const [sealed] = sealAndSign({ sealer: fuzhou.sealer, ring: asFuzhou }, sourceOf.province(), [
      { key: forged.key, value: forged.value, headers: forged.headers },
    ]);
    // The same, signed by 三明 itself: refused by the rule, and told.
    const genuine = await publishedAsSanming({ subsidised: true, providerId: undefined });
    const [signed] = sealAndSign(testTrust(sourceOf.city(SANMING)), sourceOf.province(), [
      { key: genuine.key, value: genuine.value, headers: genuine.headers },
    ]);
    await producer.send({ topic: topics.cityPerson(SANMING), acks: -1, messages: [sealed!] });
    const letters = await waitFor(
      async () => {
        const rows = rowsOf<{ reason: string; notice_id: string | null }>(
          await hubDb.db.execute(
            sql`select reason, notice_id from hub_dead_letters where event_id = ${sealed!.headers.ce_id}`,
          ),
        );
        return rows.length ? rows : undefined;
      },
      { timeoutMs: 60_000, what: "the forged record indexed as a dead letter" },
    );
    expect(letters).toEqual([{ reason: "unknown-signer", notice_id: null }]);
    await producer.send({ topic: topics.cityPerson(SANMING), acks: -1, messages: [signed!] });
    // Once the genuine record's notice has reached the node, the forged one would have too: it did not.
    await rejectionAtNode(genuine.id, (r) => r.state === "open", "the genuine refusal at the node");
    const all = (await call("GET", "/v1/rejections?state=all&limit=200")).body.items;
    expect(all.map((r: { recordId: string }) => r.recordId)).not.toContain(forged.id);
    expect(JSON.stringify((await feed()).items)).not.toContain(forged.id);
  }, 180_000);

  it("gives each flow-back item once across a restart of the node, and resumes from a cursor taken before", async () => {
    // What the node has applied so far (the notices of the tests above), and where that ends.
    const before = await feed();
    const noticesBefore = before.items.map((i) => i.recordId);
    expect(noticesBefore.length).toBeGreaterThanOrEqual(2);
    expect(new Set(noticesBefore).size).toBe(noticesBefore.length);

    // While the node is down, 三明's own system publishes two records the province refuses.
    const refusedWhileDown: string[] = [];
    await sanming.restart(async () => {
      for (let i = 0; i < 2; i++) {
        const record = await publishedAsSanming({ subsidised: true, providerId: undefined });
        const [signed] = sealAndSign(testTrust(sourceOf.city(SANMING)), sourceOf.province(), [
          { key: record.key, value: record.value, headers: record.headers },
        ]);
        await producer.send({ topic: topics.cityPerson(SANMING), acks: -1, messages: [signed!] });
        refusedWhileDown.push(record.id);
      }
      // Both refused and their notices sent before the node is back.
      await waitFor(
        async () =>
          rowsOf(
            await hubDb.db.execute(sql`select 1 from pes_outbox where topic = ${topics.flowbackCity(SANMING)}
              and published_at is not null and message_key = any(${sql.param(refusedWhileDown)}::text[])`),
          ).length === 2,
        { timeoutMs: 60_000, what: "two notices sent to 三明 while its node is down" },
      );
    });

    // From the cursor taken before the restart: exactly the two new items.
    const after = await waitFor(
      async () => {
        const page = await feed(before.cursor);
        return page.items.length >= 2 ? page : undefined;
      },
      { timeoutMs: 90_000, what: "the node applying what came while it was down" },
    );
    expect(after.items.map((i) => i.kind)).toEqual(["record-rejection-notice", "record-rejection-notice"]);
    expect(after.items.map((i) => i.rejection.recordId).sort()).toEqual([...refusedWhileDown].sort());
    // The whole feed: what came before, then what came after, each once.
    const whole = (await feed()).items.map((i) => i.recordId);
    expect(whole).toEqual([...noticesBefore, ...after.items.map((i) => i.recordId)]);
    expect(new Set(whole).size).toBe(whole.length);
    // Nothing new since: the cursor stays.
    const empty = await call("GET", `/v1/changes?cursor=${after.cursor}`);
    expect(empty.body).toEqual({ items: [], nextCursor: after.cursor, hasMore: false });
  }, 240_000);
});
