import { randomUUID } from "node:crypto";
import {
  encodeEvent,
  FlowbackReceipt,
  headerText,
  type IncomingHeaders,
  sourceOf,
  topics,
  workNeededNotice,
} from "@pes/schemas";
import { createKafka, createProducer, flowbackReceipts, readDeadLetter, sealAndSign } from "@pes/sync";
import { TEST_BROKERS, testTrust, waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flowbackHandler } from "../src/streams/flowback.js";
import { startFlowback } from "../src/streams/runtime.js";
import { createMarket } from "../src/use-cases/markets/store.js";
import {
  bearer,
  fromProvince,
  type GigApp,
  type Headers,
  message,
  openAsProvince,
  person,
  provinceTestTrust,
  rows,
  runIds,
  testApp,
  topicOf,
  voucher,
  workNeeded,
} from "./support/index.js";

const kafka = createKafka({ brokers: TEST_BROKERS, clientId: "gig-flowback-test" });
const producer = createProducer(kafka);
const watcher = kafka.consumer({ groupId: `gig-flowback-dlq-${randomUUID()}` });
const deadLetters: IncomingHeaders[] = [];
let gig: GigApp;
let flowback: Awaited<ReturnType<typeof startFlowback>>;
const errors: unknown[] = [];

beforeAll(async () => {
  gig = await testApp("flowback", { ids: runIds() });
  // Its own group, and markets of this run only, so nothing of another run is read.
  flowback = await startFlowback(
    { kafkaBrokers: TEST_BROKERS, consumerGroup: `gig-flowback-test-${randomUUID()}` },
    gig.services,
    (e) => errors.push(e),
    { refreshMs: 200 },
  );
  await producer.connect();
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topics.deadLetters());
  await admin.disconnect();
  await watcher.connect();
  await watcher.subscribe({ topic: topics.deadLetters() });
  await watcher.run({ eachMessage: async ({ message: m }) => void deadLetters.push(m.headers ?? {}) });
  for (const { partition, offset } of ends) watcher.seek({ topic: topics.deadLetters(), partition, offset });
});

afterAll(async () => {
  await flowback?.close();
  await watcher.disconnect();
  await producer.disconnect();
  await gig?.close();
});

type Message = { key: string | null; value: string; headers: Record<string, string> };

/** Sends as the hub's relay publishes: sealed for the topic's market, signed by the province. */
const send = (topic: string, ...messages: Message[]) =>
  producer.send({ topic, acks: -1, messages: fromProvince(topic, ...messages) });

// biome-ignore lint/suspicious/noExplicitAny: responses are read loosely
async function feed(headers: Headers, query = ""): Promise<any> {
  const res = await gig.get(`/v1/flowback${query}`, headers);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/** Waits until the market's feed holds `count` items after `cursor`. */
const feedOf = (headers: Headers, count: number, cursor?: string) =>
  waitFor(
    async () => {
      const page = await feed(headers, cursor ? `?cursor=${cursor}` : "");
      return page.items.length >= count ? page : undefined;
    },
    { what: `${count} flow-back items` },
  );

/** The receipts in the deployment's outbox for these records (docs/adr/0007), opened as the province opens them. */
async function receiptsOf(marketId: string, messages: readonly Message[]) {
  const ids = messages.map((m) => m.headers.ce_id);
  const stored = await rows<{ headers: Record<string, string>; payload: string }>(
    gig.db,
    sql`select headers, payload from pes_outbox where topic = ${topics.gigReceipts(marketId)} order by id`,
  );
  return stored
    .map((r) => ({
      headers: r.headers,
      ...FlowbackReceipt.parse(JSON.parse(openAsProvince(r.headers, r.payload))),
    }))
    .filter((r) => ids.includes(r.flowbackId));
}

/** Waits for `count` receipts of these records. */
const receipts = (marketId: string, messages: readonly Message[], count = messages.length) =>
  waitFor(
    async () => {
      const found = await receiptsOf(marketId, messages);
      return found.length >= count ? found : undefined;
    },
    { what: `${count} receipts` },
  );

describe("consuming pes.flowback.gig.{market}", () => {
  it("keeps a person's notices in the market's feed in order, masked, the clear data only encrypted", async () => {
    const chen = person("陈明");
    const notice = workNeeded(gig.ids.siming, chen, { contactMobile: "13812341234" });
    const first = message("work-needed", notice);
    const sent = [
      first,
      message("voucher", voucher(gig.ids.siming, chen)),
      message("work-needed", { ...notice, revision: 2, status: "resolved", contactMobile: undefined }),
      message("work-needed", notice), // revision 1 again, as a new event: older than the feed's, dropped
    ];
    // A retrying hub: the same event again is applied once.
    await send(topicOf(gig.ids.siming), first, ...sent);
    const page = await feedOf(gig.as.siming, 3);
    expect(
      page.items.map((i: { sequence: number; kind: string; revision: number }) => [
        i.sequence,
        i.kind,
        i.revision,
      ]),
    ).toEqual([
      [1, "work-needed-notice", 1],
      [2, "voucher-notice", 1],
      [3, "work-needed-notice", 2],
    ]);
    expect(page.items[0]).toEqual({
      id: expect.any(String),
      sequence: 1,
      kind: "work-needed-notice",
      recordId: notice.id,
      revision: 1,
      person: { key: chen.key, idNumber: `3502**********${chen.idNumber.slice(-4)}`, name: "陈*" },
      workNeeded: {
        status: "open",
        reasons: ["131-shortfall"],
        keyGroups: ["college-graduate"],
        areaCode: "350203005",
        contactMobile: "138****1234",
        noticedAt: "2025-07-01T08:00:00+08:00",
      },
      voucher: null,
      receivedAt: expect.any(String),
    });
    expect(page.items[1]).toMatchObject({
      person: { key: chen.key, idNumber: `3502**********${chen.idNumber.slice(-4)}`, name: "陈*" },
      workNeeded: null,
      voucher: {
        id: "v-350200-0001",
        policyId: "xm-gig-2025",
        amountFen: 50_000,
        status: "issued",
        expiresOn: "2025-12-31",
        changedAt: "2025-07-02T09:00:00+08:00",
      },
    });
    expect(page.items[2].workNeeded).toMatchObject({ status: "resolved", contactMobile: null });
    const text = JSON.stringify(page);
    for (const clear of [chen.idNumber, "陈明", "13812341234"]) expect(text).not.toContain(clear);

    const stored = await rows<{ t: string; pii: string | null }>(
      gig.db,
      sql`select i::text as t, pii_enc as pii from gm_flowback_items i order by sequence`,
    );
    for (const clear of [chen.idNumber, "陈明", "13812341234"])
      expect(stored.map((r) => r.t).join()).not.toContain(clear);
    expect(JSON.parse(gig.services.cipher.decrypt(stored[1]!.pii!))).toEqual({
      idNumber: chen.idNumber,
      name: "陈明",
    });

    // Each record acknowledged once, in order, signed as the market, the stale revision noted.
    const acknowledged = await receipts(gig.ids.siming, sent);
    expect(acknowledged.map((r) => [r.flowbackId, r.outcome, r.reasonCode])).toEqual([
      [sent[0]!.headers.ce_id, "applied", undefined],
      [sent[1]!.headers.ce_id, "applied", undefined],
      [sent[2]!.headers.ce_id, "applied", undefined],
      [sent[3]!.headers.ce_id, "applied", "superseded"],
    ]);
    expect(acknowledged[0]).toMatchObject({
      headers: { ce_source: sourceOf.gig(gig.ids.siming) },
      flowbackType: "cn.gov.fj.pes.work-needed-notice.v1",
      flowbackKey: chen.key,
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(JSON.stringify(acknowledged)).not.toContain(chen.idNumber);
  });

  it("resumes by cursor exactly where a reader stopped, filters by kind, and keeps markets apart", async () => {
    const first = await feed(gig.as.siming, "?limit=2");
    expect(first.items.map((i: { sequence: number }) => i.sequence)).toEqual([1, 2]);
    expect(first.hasMore).toBe(true);
    const second = await feed(gig.as.siming, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((i: { sequence: number }) => i.sequence)).toEqual([3]);
    expect(second.hasMore).toBe(false);
    // At the end: the same cursor comes back, and later gets only what came since.
    const idle = await feed(gig.as.siming, `?cursor=${second.nextCursor}`);
    expect(idle).toEqual({ items: [], nextCursor: second.nextCursor, hasMore: false });
    const lin = person("林芳");
    await send(topicOf(gig.ids.siming), message("work-needed", workNeeded(gig.ids.siming, lin)));
    const later = await feedOf(gig.as.siming, 1, second.nextCursor);
    expect(
      later.items.map((i: { sequence: number; person: { key: string } }) => [i.sequence, i.person.key]),
    ).toEqual([[4, lin.key]]);

    const vouchers = await feed(gig.as.siming, "?kind=voucher-notice");
    expect(vouchers.items.map((i: { sequence: number }) => i.sequence)).toEqual([2]);

    // 晋江 sees none of 思明's items, and only its own.
    expect((await feed(gig.as.jinjiang)).items).toEqual([]);
    const wu = person("吴强");
    await send(
      topicOf(gig.ids.jinjiang),
      message("voucher", { ...voucher(gig.ids.jinjiang, wu), cityCode: "350500" }),
    );
    const theirs = await feedOf(gig.as.jinjiang, 1);
    expect(
      theirs.items.map((i: { sequence: number; person: { key: string } }) => [i.sequence, i.person.key]),
    ).toEqual([[1, wu.key]]);
    expect((await feed(gig.as.siming, `?cursor=${later.nextCursor}`)).items).toEqual([]);
  });

  it("dead-letters an invalid record and one addressed to another market, with the reason, and goes on", async () => {
    const zhang = person("张伟");
    const invalid = message("work-needed", workNeeded(gig.ids.siming, zhang));
    const broken = {
      ...invalid,
      value: JSON.stringify({ ...JSON.parse(invalid.value), areaCode: "not-a-code" }),
    };
    const misrouted = message("work-needed", workNeeded(gig.ids.jinjiang, zhang));
    const fine = workNeeded(gig.ids.siming, zhang);
    await send(topicOf(gig.ids.siming), broken, misrouted, message("work-needed", fine));

    await waitFor(
      async () => (await feed(gig.as.siming)).items.some((i: { recordId: string }) => i.recordId === fine.id),
      {
        what: "the valid record after the two bad ones",
      },
    );
    const mine = await waitFor(
      () => {
        const found = deadLetters.filter((h) => headerText(h, "pes_dlq_topic") === topicOf(gig.ids.siming));
        return found.length >= 2 ? found.map((h) => readDeadLetter(h)) : undefined;
      },
      { what: "two dead letters" },
    );
    expect(mine).toEqual([
      expect.objectContaining({
        reason: "invalid-record",
        fieldPath: "areaCode",
        originTopic: topicOf(gig.ids.siming),
      }),
      expect.objectContaining({
        reason: "handler-rejected",
        fieldPath: "marketId",
        detail: expect.stringContaining(gig.ids.jinjiang),
      }),
    ]);
    // Both refused to the hub, with the reason; the valid one applied.
    const acknowledged = await receipts(gig.ids.siming, [broken, misrouted]);
    expect(acknowledged.map((r) => [r.outcome, r.reasonCode])).toEqual([
      ["refused", "invalid-record"],
      ["refused", "not-addressed-here"],
    ]);
  });

  it("keeps a voucher redeemed at another market of the area, naming that market", async () => {
    const before = (await feed(gig.as.jinjiang, "?limit=100")).items.length;
    const lin = person("林芳");
    const notice = voucher(gig.ids.jinjiang, lin, { status: "redeemed", redeemedAt: "qz-other-gig" });
    await send(topicOf(gig.ids.jinjiang), message("voucher", { ...notice, cityCode: "350500" }));
    const page = await feedOf(gig.as.jinjiang, before + 1);
    expect(page.items.at(-1).voucher).toMatchObject({ status: "redeemed", redeemedAtMarket: "qz-other-gig" });
  });

  it("skips a record of a market this deployment does not serve: no item, no dead letter", async () => {
    const handle = flowbackHandler(gig.services.cipher, flowbackReceipts(gig.services.trust));
    const stranger = "fz-gulou-elsewhere";
    const data = workNeeded(stranger, person());
    await gig.db.db.transaction((tx) =>
      handle(tx, { topic: topicOf(stranger), data, definition: { name: "work-needed-notice" } } as never),
    );
    const n = await rows<{ n: number }>(
      gig.db,
      sql`select count(*)::int as n from gm_flowback_items where market_id = ${stranger}`,
    );
    expect(n[0]!.n).toBe(0);
  });

  it("starts receiving for a market created while it runs, without a restart", async () => {
    const id = `fz-gulou-${randomUUID().slice(0, 8)}`;
    const issued = await createMarket(
      { db: gig.db.db },
      {
        id,
        name: "鼓楼零工市场",
        cityCode: "350100",
        districtCode: "350102",
      },
    );
    await waitFor(() => flowback.consumer.markets.includes(id), {
      what: "the consumer on the new market's topic",
    });
    const he = person("何静");
    await send(topicOf(id), message("voucher", { ...voucher(id, he), cityCode: "350100" }));
    const page = await feedOf(bearer(issued!.key), 1);
    expect(page.items[0]).toMatchObject({ sequence: 1, kind: "voucher-notice", person: { key: he.key } });
    expect(errors).toEqual([]);
  });
});

describe("the market's flow-back is the province's alone", () => {
  it("dead-letters a notice not from the province, one signed by a market's key and an altered one, and applies none", async () => {
    const topic = topicOf(gig.ids.siming);
    const market = sourceOf.gig(gig.ids.siming);
    const before = (await feed(gig.as.siming, "?limit=100")).items.length;
    const ma = person("马丽");
    // A work-needed notice whose source is /attacker, signed by the attacker's own key.
    const forged = encodeEvent(workNeededNotice, workNeeded(gig.ids.siming, ma) as never, {
      source: "/attacker",
    });
    const [attacker] = sealAndSign(testTrust("/attacker"), market, [
      { key: forged.key, value: forged.value, headers: forged.headers },
    ]);
    // One claiming the province, signed with a market's key (registered, but for 晋江's market).
    const jinjiang = sourceOf.gig(gig.ids.jinjiang);
    const marketKey = testTrust(jinjiang).ring.signingKey(jinjiang);
    const asMarket = {
      ...provinceTestTrust,
      ring: { ...provinceTestTrust.ring, signingKey: () => marketKey },
    };
    const [byMarket] = sealAndSign(asMarket, market, [
      message("work-needed", workNeeded(gig.ids.siming, ma)),
    ]);
    // The province's own voucher notice, its sealed value swapped for another's.
    const [signed, other] = fromProvince(
      topic,
      message("voucher", voucher(gig.ids.siming, ma)),
      message("voucher", voucher(gig.ids.siming, ma, { status: "redeemed" })),
    );
    const altered = { ...signed!, value: other!.value };
    const bad = { attacker: attacker!, byMarket: byMarket!, altered };
    await producer.send({ topic, acks: -1, messages: Object.values(bad) });

    const reasons = await waitFor(
      () => {
        const found = Object.entries(bad).map(([name, m]) => {
          const dead = deadLetters.find(
            (h) => headerText(h, "ce_id") === m.headers.ce_id && headerText(h, "pes_dlq_topic") === topic,
          );
          return [name, dead && readDeadLetter(dead).reason] as const;
        });
        return found.every(([, reason]) => reason) ? Object.fromEntries(found) : undefined;
      },
      { what: "three dead letters" },
    );
    expect(reasons).toEqual({ attacker: "wrong-source", byMarket: "unknown-signer", altered: "altered" });

    // The province's own notice after them is the only one kept.
    const fine = workNeeded(gig.ids.siming, ma);
    await send(topic, message("work-needed", fine));
    const page = await feedOf(gig.as.siming, before + 1);
    expect(page.items.slice(before).map((i: { recordId: string }) => i.recordId)).toEqual([fine.id]);
    expect(errors).toEqual([]);
  });
});
