// @hono/zod-openapi extends zod before @pes/schemas (loaded by @pes/sync) builds its schemas.
import "@hono/zod-openapi";
import { randomUUID } from "node:crypto";
import { RecordRejectionNotice, sourceOf, toKafkaHeaders, topics } from "@pes/schemas";
import { createKafka, provisionTopics } from "@pes/sync";
import { sealAndSign, startGroupAtEnd, TEST_BROKERS, testTrust, waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DeadLetterIndexer, startDeadLetterIndexer } from "../../src/streams/dead-letter-indexer.js";
import { startIngest } from "../../src/streams/runtime.js";
import { scrub } from "../../src/use-cases/flowback/rejections.js";
import {
  cipher,
  fromCity,
  hubWithStreams,
  outboxed,
  type PublishedMessage,
  person,
  published,
  SECRET,
  TEST_TRUST,
} from "../support/index.js";

// Issue 17 #5: what the hub's ingest refuses of a city's record, once the record's signature has
// verified as that city's, is told to that city: a record-rejection-notice on its flow-back, written
// with the dead letter's index row and evidence, naming fields and rules, never a value. A record
// that only claims to be the city's (forged, unknown signer, altered, unsigned, another city's on its
// topic) and a replayed copy are told to nobody.
//
// 平潭 (350128): no other test publishes on its topics or reads its flow-back, and this hub reads only them.
const PINGTAN = "350128";
const topicsRead = [topics.cityPerson(PINGTAN), topics.cityMaster(PINGTAN)];
type Ctx = Awaited<ReturnType<typeof hubWithStreams>>;
let ctx: Ctx;
let ingest: Awaited<ReturnType<typeof startIngest>> | undefined;
let indexer: DeadLetterIndexer | undefined;
const group = `hub-test-notices-${randomUUID()}`;
const city = testTrust(sourceOf.city(PINGTAN));

beforeAll(async () => {
  ctx = await hubWithStreams("notices");
  const admin = createKafka({ brokers: TEST_BROKERS, clientId: "hub-test-notices" }).admin();
  await admin.connect();
  await provisionTopics(admin, { cities: [PINGTAN], markets: [] });
  await startGroupAtEnd(admin, group, topicsRead).finally(() => admin.disconnect());
  ingest = await startIngest(ctx.hub.db, {
    kafkaBrokers: TEST_BROKERS,
    personKeySecret: SECRET,
    cipher,
    trust: TEST_TRUST,
    groupId: group,
    deadLetterTopic: ctx.deadLetterTopic,
    topics: topicsRead,
  });
  indexer = await startDeadLetterIndexer({
    brokers: TEST_BROKERS,
    db: ctx.hub.db.db,
    topic: ctx.deadLetterTopic,
    groupId: `${group}-dead-letters`,
    trust: TEST_TRUST,
    evidenceGroups: [group],
    noticeGroups: [group],
  });
}, 120_000);
afterAll(async () => {
  await indexer?.stop();
  await ingest?.close();
  await ctx?.close();
});

/** A 平潭 training record as the contract has it, then changed as `change` says: possibly invalid. */
function training(
  who: ReturnType<typeof person>,
  change: (data: Record<string, unknown>) => void = () => {},
) {
  const event = fromCity(PINGTAN, "training-record", { id: randomUUID(), person: who, revision: 2 });
  const data = structuredClone(event.data) as Record<string, unknown>;
  change(data);
  return { key: event.key, value: JSON.stringify(data), headers: toKafkaHeaders(event.attributes) };
}

const recordIdOf = (m: PublishedMessage) => m.headers.ce_subject!;

/** Sealed for the province and signed as 平潭, as its relay would. */
const signed = (m: { key: string | null; value: string; headers: Record<string, string> }) =>
  sealAndSign(city, sourceOf.province(), [m])[0]!;

const send = (topic: string, messages: PublishedMessage[]) =>
  ctx.streams.producer.send({ topic, acks: -1, messages });

/** The dead letters of these events once all are indexed, by event id. */
async function indexed(eventIds: string[]) {
  return waitFor(
    async () => {
      const res = await ctx.hub.get(`/v1/dead-letters?pageSize=200`);
      const ours = (res.body.items as Array<Record<string, unknown>>).filter((d) =>
        eventIds.includes(String(d.eventId)),
      );
      return ours.length === eventIds.length ? new Map(ours.map((d) => [String(d.eventId), d])) : undefined;
    },
    { what: `${eventIds.length} dead letters indexed`, timeoutMs: 60_000 },
  );
}

const notices = async () =>
  (await outboxed(ctx.hub.db.db, sql`topic = ${topics.flowbackCity(PINGTAN)}`)).filter((o) =>
    o.type.includes("record-rejection-notice"),
  );

describe("rejection notices to the city whose record the hub refused (issue 17 #5)", () => {
  it("tells 平潭 of its records refused by the contract and by a rule, at the field, without a value", {
    timeout: 120_000,
  }, async () => {
    const who = person("1990-03-07", { name: "陈明" });
    // The contract refuses it: a district of 福州 in a 平潭 record, and an ID number no province has.
    const badId = `99${who.idNumber.slice(2)}`;
    const invalid = training(who, (d) => {
      d.districtCode = "350102";
      (d.person as Record<string, unknown>).idNumber = badId;
    });
    // A rule refuses it: the person key is no pseudonym of the province's.
    const stranger = person();
    const wrongKey = training(stranger, (d) => {
      (d.person as Record<string, unknown>).key = person().key;
    });
    // Not JSON at all, sealed and signed as 平潭.
    const notJson = { ...training(person()), value: "{not json" };
    const told = [invalid, wrongKey, notJson].map(signed);
    await send(topics.cityPerson(PINGTAN), told);

    const letters = await indexed(told.map((m) => m.headers.ce_id!));
    const letterOf = (m: (typeof told)[number]) => letters.get(m.headers.ce_id!)!;
    expect(letterOf(told[0]!)).toMatchObject({ reason: "invalid-record", code: null });
    expect(letterOf(told[1]!)).toMatchObject({ reason: "handler-rejected", code: "person-key-mismatch" });
    expect(letterOf(told[2]!)).toMatchObject({ reason: "malformed-json" });

    // One notice per refusal, in the hub's outbox, sealed for 平潭, keyed by the record's id, the
    // dead letter's noticeId its event id.
    const sent = await waitFor(
      async () => {
        const found = (await notices()).filter((n) => told.some((m) => recordIdOf(m) === n.data.recordId));
        return found.length === 3 ? found : undefined;
      },
      { what: "three rejection notices" },
    );
    for (const m of told) {
      const notice = sent.find((n) => n.data.recordId === recordIdOf(m))!;
      expect(notice).toMatchObject({
        topic: topics.flowbackCity(PINGTAN),
        sealedFor: sourceOf.city(PINGTAN),
        key: recordIdOf(m),
        eventId: letterOf(m).noticeId,
      });
      expect(RecordRejectionNotice.safeParse(notice.data).success).toBe(true);
      expect(notice.data).toMatchObject({
        id: notice.eventId,
        cityCode: PINGTAN,
        recordType: "training-record",
        eventId: m.headers.ce_id,
        rejectedAt: letterOf(m).at,
      });
    }
    const [contract, rule, json] = told.map((m) => sent.find((n) => n.data.recordId === recordIdOf(m))!.data);
    expect(contract).toMatchObject({
      recordRevision: 2,
      stage: "contract",
      reasonCode: "invalid-record",
      reason: "The record does not satisfy the contract of training-record: 2 problems",
    });
    expect(contract!.problems).toEqual(
      expect.arrayContaining([
        {
          path: "person.idNumber",
          code: "custom",
          message: "The ID number starts with …, which is not a province code; check the first digits",
        },
        { path: "districtCode", code: "custom", message: "District … is not in city 350128" },
      ]),
    );
    expect(rule).toMatchObject({
      recordRevision: 2,
      stage: "rule",
      reasonCode: "person-key-mismatch",
      reason: "the person key is not the province's pseudonym of the ID number",
      problems: [
        { path: "person.key", message: "the person key is not the province's pseudonym of the ID number" },
      ],
    });
    expect(json).toMatchObject({ stage: "contract", reasonCode: "malformed-json", problems: [] });
    expect(json).not.toHaveProperty("recordRevision");
    // No value of the records: no ID number (nor its first digits), name or person key.
    const text = JSON.stringify(sent.map((n) => n.data));
    for (const value of [who.idNumber, badId, who.name, stranger.idNumber, stranger.key])
      expect(text).not.toContain(value);
    const messages = sent.flatMap((n) =>
      (n.data.problems as Array<{ message: string }>).map((p) => p.message),
    );
    for (const message of messages) expect(message).not.toMatch(/\b99\b|350102/);

    // The evidence log: each refusal, then what was sent about it, to 平潭.
    const log = await ctx.hub.query<{ kind: string; record_id: string; receiver: string }>(
      sql`select kind, record_id, receiver from hub_evidence_log order by seq`,
    );
    for (const m of told) {
      const rejected = log.findIndex((e) => e.kind === "rejected" && e.record_id === m.headers.ce_id);
      const notice = log.findIndex((e) => e.kind === "sent" && e.record_id === letterOf(m).noticeId);
      expect(rejected).toBeGreaterThanOrEqual(0);
      expect(notice).toBeGreaterThan(rejected);
      expect(log[notice]!.receiver).toBe(sourceOf.city(PINGTAN));
    }
  });

  it("tells nobody of a record that only claims to be 平潭's, or of a replayed copy", {
    timeout: 120_000,
  }, async () => {
    const before = (await notices()).length;
    const broken = (d: Record<string, unknown>) => {
      d.districtCode = "350102";
    };
    // Claims 平潭, signed with 福州's key: unknown signer.
    const [byFuzhou] = published(
      [fromCity(PINGTAN, "training-record", { id: randomUUID(), person: person() })],
      {
        signedBy: sourceOf.city("350100"),
      },
    );
    // 福州's own record, properly signed by 福州, on 平潭's topic: wrong source.
    const fuzhou = fromCity("350100", "training-record", { id: randomUUID(), person: person() });
    const [wrongSource] = published([{ ...fuzhou, topic: topics.cityPerson(PINGTAN) }]);
    // Signed by 平潭, then one byte of the sealed value changed: altered.
    const genuine = signed(training(person(), broken));
    const body = Buffer.from(genuine.value, "base64");
    body.writeUInt8(body.readUInt8(0) ^ 0x01, 0);
    const altered = { ...genuine, value: body.toString("base64") };
    // Invalid, claiming 平潭, and not signed at all.
    const unsigned = training(person(), broken);
    // A record 平潭 did sign, applied, then put back on the topic as it was: a replayed copy.
    const [applied] = published([
      fromCity(PINGTAN, "training-record", { id: randomUUID(), person: person() }),
    ]);
    await send(topics.cityPerson(PINGTAN), [applied!]);
    await waitFor(
      async () =>
        (await ctx.hub.query(sql`select 1 from hub_records where event_id = ${applied!.headers.ce_id}`))
          .length === 1,
      { what: "平潭's own record applied" },
    );
    const refused = [byFuzhou!, wrongSource!, altered, unsigned, applied!];
    await send(topics.cityPerson(PINGTAN), refused);

    const letters = await indexed(refused.map((m) => m.headers.ce_id!));
    expect(refused.map((m) => letters.get(m.headers.ce_id!)?.reason)).toEqual([
      "unknown-signer",
      "wrong-source",
      "altered",
      "unsigned",
      "replayed",
    ]);
    for (const letter of letters.values()) expect(letter.noticeId).toBeNull();
    expect(await notices()).toHaveLength(before);
    // Nor is 福州, whose key signed two of them, told anything.
    expect(await outboxed(ctx.hub.db.db, sql`topic = ${topics.flowbackCity("350100")}`)).toEqual([]);
  });
});

describe("scrub", () => {
  it("masks each word that shares two characters or more with a value, and keeps the rest", () => {
    expect(scrub("District 350102 is not in city 350128", ["350102"])).toBe(
      "District … is not in city 350128",
    );
    expect(scrub("The ID number starts with 99, which is not a province code", ["991234567890123456"])).toBe(
      "The ID number starts with …, which is not a province code",
    );
    expect(scrub("姓名陈明不对", ["陈明"])).toBe("…");
    expect(scrub("too long:\n\tat most 50", ["x"])).toBe("too long: at most 50");
  });
});
