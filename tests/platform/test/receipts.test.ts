import { randomUUID } from "node:crypto";
import * as cityKit from "@pes/city-node/testing";
import * as gigKit from "@pes/gig-market/testing";
import { createKafkaProbe } from "@pes/http";
import * as hubKit from "@pes/province-hub/testing";
import { sourceOf, topics } from "@pes/schemas";
import { createKafka, createProducer, PiiCipher, provisionTopics } from "@pes/sync";
import { startGroupAtEnd, TEST_BROKERS, waitFor } from "@pes/sync/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Person, person } from "./support/person.js";

/**
 * Receipts for what flows back (issue 16 #2, docs/adr/0007), the whole way: the hub sends a 南平
 * city node closure instructions and a gig market a work-needed notice; the node applies one closure
 * and refuses another (a registration it never had), the market applies its notice; their receipts
 * come back signed on their own topics; the hub enters them in its evidence log, which still
 * verifies, and answers per receiver and per record. 漳州 runs no node: what the hub sends it stays
 * unacknowledged, and overdue once the time has passed.
 *
 * 南平 and 漳州, and markets of this run: on the shared broker a node of a city another test runs
 * would acknowledge this hub's flow-back too.
 */
const SECRET = `receipts-person-key-secret-${randomUUID()}`;
const NANPING = "350700";
const ZHANGZHOU = "350600";
const run = randomUUID().slice(0, 8);
const hubGroup = `receipts-hub-${run}`;
const closers: Array<() => Promise<unknown>> = [];
const errors: unknown[] = [];

let hub: Awaited<ReturnType<typeof hubKit.testApp>>;
let node: { post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> };
let gig: Awaited<ReturnType<typeof gigKit.testApp>>;
let marketId: string;
const producer = createProducer(createKafka({ brokers: TEST_BROKERS, clientId: "receipts-test-cities" }));

beforeAll(async () => {
  const marketIds = gigKit.runIds();
  marketId = marketIds.siming;
  const admin = createKafka({ brokers: TEST_BROKERS, clientId: "receipts-test" }).admin();
  await admin.connect();
  await provisionTopics(admin, { cities: [NANPING, ZHANGZHOU, "350200"], markets: [marketIds.siming] });
  // Only what this run sends: the topics hold what earlier runs and other tests left.
  await startGroupAtEnd(admin, hubGroup, hubKit.INGEST_TOPICS);
  await startGroupAtEnd(admin, `${hubGroup}-receipts`, hubKit.RECEIPT_TOPICS);
  await admin.disconnect();
  await producer.connect();
  closers.push(() => producer.disconnect());

  // The hub: its app and operators, its ingest (the markets' areas and the needs flow-back, as
  // run.ts orders them; only this run's market is learned) and its receipts consumer.
  hub = await hubKit.testApp("receiptshub");
  closers.push(() => hub.close());
  const cipher = new PiiCipher(Buffer.alloc(32, 7).toString("base64"));
  const ingest = await hubKit.startIngest(hub.db, {
    kafkaBrokers: TEST_BROKERS,
    personKeySecret: SECRET,
    cipher,
    trust: hubKit.TEST_TRUST,
    groupId: hubGroup,
    extensions: [
      (tx, chunk) =>
        hubKit.gigMarketsExtension(tx, {
          ...chunk,
          records: chunk.records.filter((r) => r.data.marketId === marketId),
        }),
      hubKit.needsFlowbackExtension({ cipher, sealer: hubKit.TEST_TRUST.sealer }),
    ],
    onError: (e) => errors.push(e),
  });
  closers.push(() => ingest.close());
  const receipts = await hubKit.startReceipts(hub.db, {
    kafkaBrokers: TEST_BROKERS,
    trust: hubKit.TEST_TRUST,
    groupId: `${hubGroup}-receipts`,
    onError: (e) => errors.push(e),
  });
  closers.push(() => receipts.close());

  // The 南平 node: its app, its relay and its flow-back consumer, on the run's person-key secret.
  const cityDb = await cityKit.testDatabase("receiptscity", NANPING);
  closers.push(() => cityDb.close());
  const probe = createKafkaProbe({ clientId: "receipts-city", brokers: TEST_BROKERS });
  closers.push(() => probe.close());
  const base = cityKit.testServices({ cityCode: NANPING, cityName: "南平" }, cityDb.db, probe);
  const services = { ...base, vault: { ...base.vault, personKeySecret: SECRET } };
  const streams = await cityKit.startStreams(
    { cityCode: NANPING, kafkaBrokers: TEST_BROKERS },
    cityDb.db,
    services,
    (e) => errors.push(e),
    { groupId: `city-node-${NANPING}-receipts-${run}` },
  );
  closers.push(() => streams.close());
  const clerk = await cityKit.staffWithToken(cityDb.db, "clerk", "350702");
  const app = cityKit.createApp(services);
  node = {
    async post(path, body) {
      const res = await app.request(path, {
        method: "POST",
        headers: { ...clerk.headers, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
  };

  // The gig market: this run's markets, its relay and its flow-back consumer.
  gig = await gigKit.testApp("receiptsgig", { ids: marketIds });
  closers.push(() => gig.close());
  const relay = await gigKit.startRelay({ kafkaBrokers: TEST_BROKERS }, gig.services, (e) => errors.push(e));
  closers.push(() => relay.close());
  const flowback = await gigKit.startFlowback(
    { kafkaBrokers: TEST_BROKERS, consumerGroup: `gig-market-receipts-${run}` },
    gig.services,
    (e) => errors.push(e),
  );
  closers.push(() => flowback.close());
}, 180_000);

afterAll(async () => {
  for (const close of closers.toReversed()) await close().catch(() => {});
});

let n = 600;
const someone = (): Person => person(n++, { birthDate: "1985-08-17", name: "黄晓", secret: SECRET });

/** A registration at the 南平 node, applied for and registered on `on`; its id. */
async function registeredAtNode(who: Person, on: string): Promise<string> {
  const applied = await node.post("/v1/unemployment-registrations", {
    person: { idNumber: who.idNumber, name: who.name, divisionCode: "350702001001" },
    ableToWork: true,
    wantsWork: true,
    currentlyEmployed: false,
    placeBasis: "residence",
    servicePointId: "sp-receipts",
    appliedOn: on,
  });
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  const registered = await node.post(`/v1/unemployment-registrations/${applied.body.id}/register`, {
    registeredOn: on,
  });
  expect(registered.status, JSON.stringify(registered.body)).toBe(200);
  return String(applied.body.id);
}

/** A registration a city published without a node of this test: signed as that city, as its relay would. */
async function publishedBy(cityCode: string, who: Person, on: string, extra: Record<string, unknown> = {}) {
  const event = hubKit.unemployment(cityCode, who, on, extra);
  await producer.send({ topic: topics.cityPerson(cityCode), acks: -1, messages: hubKit.published([event]) });
  return (event.data as { id: string }).id;
}

// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely
const hubGet = async (path: string): Promise<any> => {
  const res = await hub.get(path);
  expect(res.status, res.text).toBe(200);
  return res.body;
};

/** The auditor's view of one flow-back record once `done` holds of it. */
// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely
const trailOf = (id: string, done: (trail: any) => boolean, what: string) =>
  waitFor(
    async () => {
      const res = await hub.get(`/v1/flowback/records/${id}?overdueMinutes=0`);
      return res.status === 200 && done(res.body) ? res.body : undefined;
    },
    { timeoutMs: 90_000, what },
  );

describe("receipts for what flows back, across the platform", () => {
  it("a closure the 南平 node applies comes back as an applied receipt: in the log, and per receiver", async () => {
    const who = someone();
    const registrationId = await registeredAtNode(who, "2025-03-03");
    // Three months later the same person registers in 漳州: the province closes the 南平 registration.
    await publishedBy(ZHANGZHOU, who, "2025-06-02");
    const trail = await trailOf(
      registrationId,
      (t) => t.sent?.status === "applied",
      "the 南平 node's applied receipt for the closure",
    );
    expect(trail).toMatchObject({
      closure: { registrationId, cityCode: NANPING, kind: "two-open-registrations" },
      sent: {
        receiver: sourceOf.city(NANPING),
        cityName: "南平",
        status: "applied",
        recordType: "cn.gov.fj.pes.registration-closure-instruction.v1",
        reasonCode: null,
      },
    });
    const [receipt] = trail.receipts;
    expect(receipt).toMatchObject({
      recordId: trail.recordId,
      outcome: "applied",
      flag: null,
      digest: trail.sent.digest,
    });
    // When: the node applied it after the hub sent it, and the hub heard of it after that.
    expect(Date.parse(receipt.acknowledgedAt)).toBeGreaterThanOrEqual(Date.parse(trail.sent.sentAt));
    expect(Date.parse(receipt.receivedAt)).toBeGreaterThanOrEqual(Date.parse(receipt.acknowledgedAt));

    // In the evidence log beside what was sent, and the log still verifies.
    const { entries, verdict } = await hubKit.verifiedEvidence(hub.db, hubKit.TEST_TRUST);
    expect(verdict).toMatchObject({ ok: true, problems: [] });
    const ofRecord = entries.filter((e) => e.recordId === trail.recordId);
    expect(ofRecord.map((e) => [e.kind, e.sender, e.receiver, e.digest])).toEqual([
      ["sent", "/province", sourceOf.city(NANPING), trail.sent.digest],
      ["receipt", sourceOf.city(NANPING), "/province", trail.sent.digest],
    ]);
    expect(ofRecord[1]!.reason).toBe(`applied ${receipt.acknowledgedAt}`);

    const summary = await hubGet("/v1/flowback/receivers");
    const nanping = summary.items.find((i: { receiver: string }) => i.receiver === sourceOf.city(NANPING));
    expect(nanping).toMatchObject({ cityCode: NANPING, cityName: "南平" });
    expect(nanping.applied).toBeGreaterThanOrEqual(1);
    expect(nanping.received).toBe(nanping.applied + nanping.refused);
  }, 180_000);

  it("a closure of a registration the node never had comes back refused, with its reason", async () => {
    const who = someone();
    // 南平 published it (as its relay would) but its node's database has no such registration.
    const registrationId = await publishedBy(NANPING, who, "2025-03-03");
    await publishedBy(ZHANGZHOU, who, "2025-06-02");
    const trail = await trailOf(
      registrationId,
      (t) => t.sent?.status === "refused",
      "the 南平 node's refused receipt for the closure",
    );
    expect(trail.sent).toMatchObject({
      status: "refused",
      reasonCode: "unknown-registration",
      reason: "no such registration at this node",
    });
    const refused = await hubGet(`/v1/flowback/records?receiver=${sourceOf.city(NANPING)}&status=refused`);
    expect(refused.items.map((i: { recordId: string }) => i.recordId)).toContain(trail.recordId);
  }, 180_000);

  it("a closure sent to 漳州, which runs no node, is unacknowledged, and overdue after the time", async () => {
    const who = someone();
    const registrationId = await publishedBy(ZHANGZHOU, who, "2025-01-06");
    await registeredAtNode(who, "2025-03-03");
    const trail = await trailOf(
      registrationId,
      (t) => t.sent !== null,
      "the closure instruction sent to 漳州",
    );
    expect(trail.sent).toMatchObject({
      receiver: sourceOf.city(ZHANGZHOU),
      status: "overdue",
      acknowledgedAt: null,
    });
    expect(trail.receipts).toEqual([]);
    const patient = await hubGet(`/v1/flowback/records/${registrationId}`);
    expect(patient.sent.status).toBe("unacknowledged");
    const overdue = await hubGet(
      `/v1/flowback/records?receiver=${sourceOf.city(ZHANGZHOU)}&status=overdue&overdueMinutes=0`,
    );
    expect(overdue.items.map((i: { recordId: string }) => i.recordId)).toContain(trail.recordId);
    const summary = await hubGet("/v1/flowback/receivers?overdueMinutes=0");
    const zhangzhou = summary.items.find(
      (i: { receiver: string }) => i.receiver === sourceOf.city(ZHANGZHOU),
    );
    expect(zhangzhou).toMatchObject({ received: 0, applied: 0 });
    expect(zhangzhou.overdue).toBe(zhangzhou.sent);
  }, 180_000);

  it("a work-needed notice the gig market applies comes back as the market's applied receipt", async () => {
    // The hub learns the market's area from its gig work: a posting in 思明 (350203).
    const posted = await gig.post("/v1/postings", gigKit.posting());
    expect(posted.status, posted.text).toBe(201);
    await waitFor(
      async () => {
        const [known] = await hub.db.db
          .select()
          .from(hubKit.gigMarkets)
          .where(eq(hubKit.gigMarkets.marketId, marketId));
        return known?.districtCodes.includes("350203");
      },
      { timeoutMs: 120_000, what: "the hub knowing the market's area" },
    );
    // A person of 思明 registered unemployed and served nothing: the hub tells the markets of 思明.
    const who = person(n++, { birthDate: "1986-04-21", name: "郑敏", secret: SECRET });
    await publishedBy("350200", who, "2025-09-29", { districtCode: "350203" });
    const market = sourceOf.gig(marketId);
    const applied = await waitFor(
      async () => {
        const page = await hubGet(`/v1/flowback/records?receiver=${market}&status=applied`);
        return page.items.length > 0 ? page.items : undefined;
      },
      { timeoutMs: 90_000, what: "the market's applied receipt for a work-needed notice" },
    );
    expect(applied[0]).toMatchObject({
      receiver: market,
      marketId,
      cityCode: null,
      status: "applied",
      recordType: "cn.gov.fj.pes.work-needed-notice.v1",
    });
    const feed = await gig.get("/v1/flowback?kind=work-needed-notice");
    expect(feed.body.items.some((i: { person: { key: string } }) => i.person.key === who.key)).toBe(true);
    expect(errors).toEqual([]);
  }, 180_000);
});
