// @hono/zod-openapi extends zod before @pes/schemas (loaded by @pes/sync) builds its schemas.
import "@hono/zod-openapi";
import { randomUUID } from "node:crypto";
import { sourceOf, topics } from "@pes/schemas";
import { startGroupAtEnd, TEST_BROKERS, waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DeadLetterIndexer, startDeadLetterIndexer } from "../../src/streams/dead-letter-indexer.js";
import { INGEST_TOPICS, startIngest } from "../../src/streams/runtime.js";
import {
  cipher,
  hubWithStreams,
  type PublishedMessage,
  person,
  published,
  SECRET,
  TEST_TRUST,
  unemployment,
} from "../support/index.js";

// The hub's ingest consumer on the real broker and Xiamen's real topic: what a city did not sign as
// itself, or what was changed or copied after it signed, is dead-lettered with the ADR 0006 reason
// and changes nothing in the provincial database.
type Ctx = Awaited<ReturnType<typeof hubWithStreams>>;
let ctx: Ctx;
let ingest: Awaited<ReturnType<typeof startIngest>> | undefined;
let indexer: DeadLetterIndexer | undefined;
const XIAMEN = topics.cityPerson("350200");
const group = `hub-test-forged-${randomUUID()}`;

const idOf = (m: PublishedMessage) => m.headers.ce_id!;
const send = (messages: PublishedMessage[]) =>
  ctx.streams.producer.send({ topic: XIAMEN, acks: -1, messages });

/** What the provincial database holds of these events and persons: records, persons, open registrations, inbox rows. */
async function held(eventIds: string[], personKeys: string[]) {
  const events = sql.param(eventIds);
  const persons = sql.param(personKeys);
  const [row] = await ctx.hub.query<Record<string, unknown>>(sql`select
    (select coalesce(json_agg(r order by r.event_id), '[]') from hub_records r where r.event_id = any(${events}::text[])) as records,
    (select coalesce(json_agg(p order by p.person_key), '[]') from hub_persons p where p.person_key = any(${persons}::text[])) as persons,
    (select count(*)::int from hub_open_registrations o where o.person_key = any(${persons}::text[])) as open,
    (select coalesce(json_agg(i order by i.event_id), '[]') from pes_inbox i where i.event_id = any(${events}::text[])) as inbox`);
  return row!;
}

/** Which of these events the hub holds a record of. */
const applied = async (eventIds: string[]) =>
  (
    await ctx.hub.query<{ event_id: string }>(
      sql`select event_id from hub_records where event_id = any(${sql.param(eventIds)}::text[])`,
    )
  ).map((r) => r.event_id);

beforeAll(async () => {
  ctx = await hubWithStreams("forged");
  // This test's group starts at the end of every topic the hub reads: earlier runs' records (a
  // bench's millions, perhaps) are not its business.
  await startGroupAtEnd(ctx.streams.admin, group, INGEST_TOPICS);
  ingest = await startIngest(ctx.hub.db, {
    kafkaBrokers: TEST_BROKERS,
    personKeySecret: SECRET,
    cipher,
    trust: TEST_TRUST,
    groupId: group,
    deadLetterTopic: ctx.deadLetterTopic,
  });
  indexer = await startDeadLetterIndexer({
    brokers: TEST_BROKERS,
    db: ctx.hub.db.db,
    topic: ctx.deadLetterTopic,
    groupId: `${group}-dead-letters`,
    trust: TEST_TRUST,
  });
});
afterAll(async () => {
  await indexer?.stop();
  await ingest?.close();
  await ctx?.close();
});

describe("records the hub refuses on the real broker (ADR 0006)", () => {
  it("dead-letters a forged signer, a wrong source, an altered record and a replayed copy, and applies none", {
    timeout: 90_000,
  }, async () => {
    // A registration Xiamen signed: applied.
    const who = person();
    const [genuine] = published([unemployment("350200", who, "2025-03-03")]);
    await send([genuine!]);
    await waitFor(async () => (await applied([idOf(genuine!)])).length === 1, {
      what: "Xiamen's own record applied",
      timeoutMs: 30_000,
    });

    // Claims Xiamen, signed with Fuzhou's key.
    const forger = person();
    const [unknownSigner] = published([unemployment("350200", forger, "2025-03-04")], {
      signedBy: sourceOf.city("350100"),
    });
    // Fuzhou's own record, properly signed by Fuzhou, on Xiamen's topic.
    const elsewhere = person();
    const fuzhou = unemployment("350200", elsewhere, "2025-03-05");
    const [wrongSource] = published([
      { ...fuzhou, attributes: { ...fuzhou.attributes, source: sourceOf.city("350100") } },
    ]);
    // Signed by Xiamen, then one byte of the sealed value changed.
    const changed = person();
    const [signed] = published([unemployment("350200", changed, "2025-03-06")]);
    const body = Buffer.from(signed!.value, "base64");
    body.writeUInt8(body.readUInt8(0) ^ 0x01, 0);
    const altered = { ...signed!, value: body.toString("base64") };
    // The applied record again, the very bytes and signature: a copy someone put back on the topic.
    const replayed = { ...genuine! };

    const mine = [genuine!, unknownSigner!, wrongSource!, altered].map(idOf);
    const persons = [who, forger, elsewhere, changed].map((p) => p.key);
    const before = await held(mine, persons);
    await send([unknownSigner!, wrongSource!, altered, replayed]);

    // Other tests may write Xiamen's topic meanwhile: only this test's events are looked at.
    const refused = await waitFor(
      async () => {
        const res = await ctx.hub.get(`/v1/dead-letters?topic=${XIAMEN}&pageSize=200`);
        const ours = res.body.items.filter((d: { eventId: string }) => mine.includes(d.eventId));
        return ours.length === 4 ? ours : undefined;
      },
      { what: "four dead letters indexed", timeoutMs: 30_000 },
    );
    const reasonOf = (id: string) =>
      refused.filter((d: { eventId: string }) => d.eventId === id).map((d: { reason: string }) => d.reason);
    expect(reasonOf(idOf(unknownSigner!))).toEqual(["unknown-signer"]);
    expect(reasonOf(idOf(wrongSource!))).toEqual(["wrong-source"]);
    expect(reasonOf(idOf(altered))).toEqual(["altered"]);
    expect(reasonOf(idOf(genuine!))).toEqual(["replayed"]);
    for (const letter of refused) expect(letter).toMatchObject({ originTopic: XIAMEN, group });
    expect(refused.find((d: { eventId: string }) => d.eventId === idOf(wrongSource!)).source).toBe(
      "/city/350100",
    );
    // Sealed for the province: the listing shows their shape, never a value.
    const listed = JSON.stringify(refused);
    for (const p of [who, forger, elsewhere, changed]) expect(listed).not.toContain(p.idNumber);

    // Nothing changed: the genuine record as it was applied once, none of the others, no new person.
    const after = await held(mine, persons);
    expect(after).toEqual(before);
    expect((after.records as Array<{ event_id: string }>).map((r) => r.event_id)).toEqual([idOf(genuine!)]);
    expect(after.persons).toHaveLength(1);
    expect(after.inbox).toHaveLength(1);
  });
});
