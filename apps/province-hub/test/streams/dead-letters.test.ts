// @hono/zod-openapi extends zod before @pes/schemas (loaded by @pes/sync) builds its schemas.
import "@hono/zod-openapi";
import { randomUUID } from "node:crypto";
import { fromKafkaHeaders, sealAttributesOf, sourceOf, toKafkaHeaders } from "@pes/schemas";
import { rowsOf, sendToDeadLetters } from "@pes/sync";
import { sealAndSign, TEST_BROKERS, testTrust, waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import type { KafkaMessage } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DeadLetterIndexer, startDeadLetterIndexer } from "../../src/streams/dead-letter-indexer.js";
import { findDeadLetter, scanTopic } from "../../src/streams/dead-letters.js";
import { hubWithStreams, person, TEST_TRUST } from "../support/index.js";

type Ctx = Awaited<ReturnType<typeof hubWithStreams>>;
let ctx: Ctx;
let indexer: DeadLetterIndexer | undefined;
const marker = randomUUID();
const { idNumber } = person();

/**
 * A record of `source` as it reached the hub's consumer, sealed for the province and signed by its
 * city (the dead-letter topic keeps these original bytes).
 */
function original(source: string, n: number): KafkaMessage {
  const [sealed] = sealAndSign(testTrust(source), sourceOf.province(), [
    {
      key: `key-${n}`,
      value: JSON.stringify({ id: `${marker}-${n}`, person: { idNumber, name: "陈明" }, cityCode: "350200" }),
      headers: toKafkaHeaders({
        id: `${marker}-${n}`,
        source,
        type: "unemployment-registration",
        specversion: "1.0",
        time: new Date().toISOString(),
        datacontenttype: "application/json",
      }),
    },
  ]);
  return {
    key: Buffer.from(sealed!.key),
    value: Buffer.from(sealed!.value),
    headers: sealed!.headers,
    offset: String(10 + n),
    timestamp: String(Date.now()),
    attributes: 0,
  } as KafkaMessage;
}

/** The listing once the index has reached the end of the topic and holds `total` dead letters. */
function indexed(total: number) {
  return waitFor(
    async () => {
      const res = await ctx.hub.get("/v1/dead-letters");
      return res.body.notYetIndexed === 0 && res.body.total === total ? res : undefined;
    },
    { timeoutMs: 20_000, what: `${total} dead letters indexed` },
  );
}

beforeAll(async () => {
  ctx = await hubWithStreams("deadletters");
  // The hub's indexer, on this test's own dead-letter topic and group.
  indexer = await startDeadLetterIndexer({
    brokers: TEST_BROKERS,
    db: ctx.hub.db.db,
    topic: ctx.deadLetterTopic,
    groupId: `${ctx.group}-dead-letters`,
    trust: TEST_TRUST,
  });
  const origin = {
    topic: ctx.topic,
    partition: 0,
    group: "province-hub-ingest",
    deadLetterTopic: ctx.deadLetterTopic,
  };
  await sendToDeadLetters(ctx.streams.producer, origin, [
    {
      message: original("/city/350200", 1),
      why: {
        reason: "invalid-record",
        detail: "idNumber: bad check character",
        fieldPath: "person.idNumber",
        schema: "unemployment-registration/v1",
      },
    },
  ]);
  await sendToDeadLetters(ctx.streams.producer, origin, [
    {
      message: original("/city/350500", 2),
      why: { reason: "handler-rejected", detail: "registration open elsewhere" },
    },
  ]);
  // Refused by another consumer of the same topic.
  await sendToDeadLetters(ctx.streams.producer, { ...origin, group: "gig-market-xm" }, [
    {
      message: original("/city/350200", 3),
      why: { reason: "handler-rejected", detail: "registration open elsewhere" },
    },
  ]);
  await indexed(3);
});
afterAll(async () => {
  await indexer?.stop();
  await ctx?.close();
});

async function originMessages(): Promise<KafkaMessage[]> {
  const found: KafkaMessage[] = [];
  await scanTopic(ctx.streams.admin, ctx.topic, (_, m) => {
    found.push(m);
  });
  return found;
}

describe("GET /v1/dead-letters", () => {
  it("lists the dead letters newest first with their reasons, and never a value", async () => {
    const res = await ctx.hub.get("/v1/dead-letters");
    expect(res.status).toBe(200);
    expect(res.body.topic).toBe(ctx.deadLetterTopic);
    expect(res.body.total).toBe(3);
    expect(res.body.notYetIndexed).toBe(0);
    expect(res.body.items.map((d: { eventId: string }) => d.eventId)).toEqual(
      [3, 2, 1].map((n) => `${marker}-${n}`),
    );
    expect(res.body.items[2]).toMatchObject({
      reason: "invalid-record",
      fieldPath: "person.idNumber",
      schema: "unemployment-registration/v1",
      originTopic: ctx.topic,
      originPartition: 0,
      originOffset: "11",
      cityCode: "350200",
      type: "unemployment-registration",
      summary: expect.stringMatching(/^JSON object, \d+ bytes, fields: cityCode, id, person$/),
      replays: [],
    });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(idNumber);
    expect(text).not.toContain("陈明");
  });

  it("filters by reason, origin topic, city and consumer group, and pages", async () => {
    const ids = async (query: string) =>
      (await ctx.hub.get(`/v1/dead-letters?${query}`)).body.items.map((d: { eventId: string }) =>
        d.eventId.slice(-1),
      );
    expect(await ids("reason=handler-rejected")).toEqual(["3", "2"]);
    expect(await ids("city=350200")).toEqual(["3", "1"]);
    expect(await ids("city=350200&reason=invalid-record")).toEqual(["1"]);
    expect(await ids(`topic=${ctx.topic}`)).toHaveLength(3);
    expect(await ids("topic=pes.city.350100.person")).toEqual([]);
    expect(await ids("group=province-hub-ingest")).toEqual(["2", "1"]);
    expect(await ids("group=gig-market-xm&city=350200")).toEqual(["3"]);
    expect(await ids("group=province-hub")).toEqual([]);
    const page2 = await ctx.hub.get("/v1/dead-letters?pageSize=2&page=2");
    expect(page2.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page2.body.items.map((d: { eventId: string }) => d.eventId)).toEqual([`${marker}-1`]);
  });
});

describe("POST /v1/dead-letters/{partition}/{offset}/replay", () => {
  it("puts the record back on its origin topic once, records who did it, and refuses a second time unless forced", async () => {
    const list = await ctx.hub.get("/v1/dead-letters?reason=invalid-record");
    const { partition, offset } = list.body.items[0];
    const path = `/v1/dead-letters/${partition}/${offset}/replay`;

    expect((await ctx.hub.call("POST", path, ctx.hub.as.viewer, {})).status).toBe(403);
    const replayed = await ctx.hub.call("POST", path, ctx.hub.as.operator, {});
    expect(replayed.status).toBe(201);
    expect(replayed.body).toMatchObject({ partition, offset, originTopic: ctx.topic, forced: false });

    const back = await originMessages();
    expect(back).toHaveLength(1);
    const [{ headers, value }] = back as [KafkaMessage];
    expect(headers!.ce_id!.toString()).toBe(`${marker}-1`);
    expect(Object.keys(headers!).filter((h) => h.startsWith("pes_dlq_"))).toEqual([]);
    // The original bytes and headers, so still sealed for the province and signed by Xiamen: the
    // hub's consumer verifies and opens the replayed record as it did the first time.
    const letter = await findDeadLetter(ctx.streams.admin, ctx.deadLetterTopic, partition, offset);
    expect(value!.equals(letter!.value!)).toBe(true);
    expect(headers!.ce_pessig!.toString()).toBe(letter!.headers!.ce_pessig!.toString());
    const attrs = fromKafkaHeaders(headers);
    expect(attrs.success).toBe(true);
    expect(TEST_TRUST.verifier.verify(attrs.data!, headers, value)).toMatchObject({ ok: true });
    const opened = TEST_TRUST.opener.open(sealAttributesOf(headers), `${marker}-1`, value);
    expect(opened.ok && JSON.parse(opened.plaintext).id).toBe(`${marker}-1`);
    expect(value!.toString()).not.toContain(idNumber);

    const again = await ctx.hub.call("POST", path, ctx.hub.as.operator, {});
    expect(again.status).toBe(409);
    expect(again.type).toMatch(/problem\+json/);
    expect(await originMessages()).toHaveLength(1);

    const forced = await ctx.hub.call("POST", path, ctx.hub.as.admin, { force: true });
    expect(forced.status).toBe(201);
    expect(forced.body.forced).toBe(true);
    expect(await originMessages()).toHaveLength(2);

    const rows = await ctx.hub.db.db.execute(
      sql`select operator_id, forced, origin_topic, reason from hub_dead_letter_replays order by replayed_at`,
    );
    const replays = rowsOf<Record<string, unknown>>(rows);
    expect(replays.map((r) => [r.forced, r.origin_topic, r.reason])).toEqual([
      [false, ctx.topic, "invalid-record"],
      [true, ctx.topic, "invalid-record"],
    ]);
    const listed = await ctx.hub.get("/v1/dead-letters?reason=invalid-record");
    expect(listed.body.items[0].replays).toHaveLength(2);
  });

  it("answers 404 for an offset with no dead letter", async () => {
    const res = await ctx.hub.call("POST", "/v1/dead-letters/0/999/replay", ctx.hub.as.operator, {});
    expect(res.status).toBe(404);
  });
});

describe("the dead-letter index", () => {
  it("indexes and lists a dead letter without headers, and one whose headers no one can read", async () => {
    await ctx.streams.producer.send({
      topic: ctx.deadLetterTopic,
      acks: -1,
      messages: [
        { partition: 1, key: null, value: "not json {" },
        {
          partition: 0,
          key: "k",
          value: JSON.stringify({ person: { idNumber } }),
          headers: {
            pes_dlq_reason: "invalid-record\u0000",
            pes_dlq_detail: "d".repeat(5_000),
            pes_dlq_partition: "9e99",
            pes_dlq_at: "yesterday",
            pes_dlq_topic: ["pes.city.350500.person", "pes.city.350100.person"],
            ce_id: `${marker}-bad`,
          },
        },
      ],
    });
    const res = await indexed(5);
    const [bare] = res.body.items.filter((d: { eventId: string | null }) => d.eventId === null);
    expect(bare).toMatchObject({
      partition: 1,
      reason: "handler-failed",
      detail: "",
      originTopic: "",
      originPartition: -1,
      originOffset: "",
      group: "",
      cityCode: null,
      summary: "not JSON, 10 bytes",
      replays: [],
    });
    // No time header: the broker's timestamp of the dead letter orders it, newest first.
    expect(Date.now() - Date.parse(bare.at)).toBeLessThan(60_000);
    const bad = (await ctx.hub.get("/v1/dead-letters?city=350500&reason=invalid-record")).body.items;
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ eventId: `${marker}-bad`, originPartition: -1, cityCode: "350500" });
    expect(bad[0].detail).toHaveLength(1_000);
    expect(JSON.stringify(bad)).not.toContain(idNumber);
  });

  it("is filled again from the topic when the database lost it, whatever offsets the group committed", async () => {
    await indexer?.stop();
    indexer = undefined;
    await ctx.hub.db.db.execute(sql`delete from hub_dead_letters`);
    expect((await ctx.hub.get("/v1/dead-letters")).body).toMatchObject({ total: 0, notYetIndexed: 5 });
    indexer = await startDeadLetterIndexer({
      brokers: TEST_BROKERS,
      db: ctx.hub.db.db,
      topic: ctx.deadLetterTopic,
      groupId: `${ctx.group}-dead-letters`,
      trust: TEST_TRUST,
    });
    const res = await indexed(5);
    expect(res.body.items.filter((d: { reason: string }) => d.reason === "handler-rejected")).toHaveLength(2);
  });

  it("names whom a letter is sealed for when it is not the province's, and never reads it", async () => {
    // A city's own dead-lettered flow-back: sealed by the province for Xiamen, which alone opens it.
    const id = `${marker}-flowback`;
    const [sealed] = sealAndSign(TEST_TRUST, sourceOf.city("350200"), [
      {
        key: "k-flowback",
        value: JSON.stringify({ id, person: { idNumber, name: "陈明" }, cityCode: "350200" }),
        headers: toKafkaHeaders({
          id,
          source: sourceOf.province(),
          type: "service-needed-notice",
          specversion: "1.0",
          time: new Date().toISOString(),
          datacontenttype: "application/json",
        }),
      },
    ]);
    await sendToDeadLetters(
      ctx.streams.producer,
      {
        topic: "pes.flowback.city.350200",
        partition: 0,
        group: "city-350200",
        deadLetterTopic: ctx.deadLetterTopic,
      },
      [
        {
          message: {
            key: Buffer.from(sealed!.key),
            value: Buffer.from(sealed!.value),
            headers: sealed!.headers,
            offset: "3",
            timestamp: String(Date.now()),
            attributes: 0,
          } as KafkaMessage,
          why: { reason: "handler-rejected", detail: "registration closed meanwhile" },
        },
      ],
    );
    const res = await indexed(6);
    const [letter] = res.body.items.filter((d: { eventId: string }) => d.eventId === id);
    expect(letter).toMatchObject({
      source: "/province",
      originTopic: "pes.flowback.city.350200",
      summary: `sealed for /city/350200, ${sealed!.value.length} bytes`,
    });
    // One sealed for the province is opened, and described by its shape alone.
    const [mine] = res.body.items.filter((d: { eventId: string }) => d.eventId === `${marker}-2`);
    expect(mine.summary).toMatch(/^JSON object, \d+ bytes, fields: cityCode, id, person$/);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(idNumber);
    expect(text).not.toContain("陈明");
  });
});
