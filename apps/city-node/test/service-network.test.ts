import { randomUUID } from "node:crypto";
import { decodeEvent, headerText, serviceNetwork, sourceOf, topics } from "@pes/schemas";
import { createKafka, createProducer, OutboxRelay, readTrusted, topicEnsurer } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { startGroupAtEnd, TEST_BROKERS, testTrust, waitFor } from "@pes/sync/testing";
import type { KafkaMessage } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staff } from "../src/db/tables/network.js";
import { publishServiceNetwork } from "../src/use-cases/network/publish.js";
import { HULI_POINT, type LedgerNode, ledgerNode, type OutboxRow, SIMING_POINT } from "./support/index.js";

// Issue 20 #3: the node publishes its service network (公共就业服务网络, service-network v1) — its streets
// and communities with their population, its service points with the count of their active staff —
// in the transaction of each change of it, as the next revision of one record, on the city's master
// topic keyed by the city. The province assesses coverage and staffing with the newest one.

let node: LedgerNode;
beforeAll(async () => {
  node = await ledgerNode("servicenetwork");
});
afterAll(async () => node?.close());

const POINT = "sp-yingping-01";
const DIVISIONS = [
  { code: "350203001", name: "鹭江街道", population: 42_000 },
  { code: "350203001001", name: "营平社区", population: 6_000 },
  { code: "350203001002", name: "海岸社区" },
];
/** The points the test node starts with (ledgerNode), no staff member attached. */
const SETUP_POINTS = [
  { id: HULI_POINT, kind: "public", divisionCode: "350206001", active: true, staff: 0 },
  { id: SIMING_POINT, kind: "public", divisionCode: "350203001", active: true, staff: 0 },
];

const admin = () => node.staff.admin;
const putDivisions = (divisions: unknown[]) => node.put("/v1/divisions", { divisions }, admin());
const addStaff = (name: string, servicePointId?: string) =>
  node.post(
    "/v1/staff",
    { name, role: "clerk", divisionCode: "350203", ...(servicePointId ? { servicePointId } : {}) },
    admin(),
  );
async function setActive(id: string, active: boolean) {
  const res = await node.app.request(`/v1/staff/${id}`, {
    method: "PATCH",
    headers: { ...admin().headers, "content-type": "application/json" },
    body: JSON.stringify({ active }),
  });
  expect(res.status).toBe(200);
}
/** The service-network records among outbox rows, as the province opens them. */
const networks = (rows: OutboxRow[]) =>
  rows
    .filter((r) => r.headers.ce_type === "cn.gov.fj.pes.service-network.v1")
    .map((r) => JSON.parse(r.payload) as Record<string, unknown> & { revision: number });
/** The newest service-network record the node published. */
const newest = async () => networks(await node.outbox()).at(-1)!;
/** The point's staff count in a record. */
const staffOf = (record: Record<string, unknown>, id = POINT) =>
  (record.servicePoints as { id: string; staff: number }[]).find((p) => p.id === id)?.staff;

const staffIds: string[] = [];

describe("the service network record (公共就业服务网络)", () => {
  it("publishes the divisions with their population, then a point, then each staff member of it, as revisions of one record", async () => {
    // The two points ledgerNode added published revisions 1 and 2.
    const setup = networks(await node.outbox());
    expect(setup.map((r) => r.revision)).toEqual([1, 2]);
    expect(setup[1]).toMatchObject({ servicePoints: SETUP_POINTS, divisions: [] });

    let put!: Awaited<ReturnType<typeof putDivisions>>;
    const loaded = await node.published(async () => {
      put = await putDivisions(DIVISIONS);
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(loaded).toHaveLength(1);
    const [row] = loaded;
    expect(row!.topic).toBe("pes.city.350200.master");
    expect(row!.message_key).toBe("350200");
    expect(row!.headers).toMatchObject({
      ce_type: "cn.gov.fj.pes.service-network.v1",
      ce_source: "/city/350200",
      ce_subject: setup[0]!.id,
    });
    const first = JSON.parse(row!.payload);
    expect(first).toEqual({
      id: setup[0]!.id,
      revision: 3,
      cityCode: "350200",
      recordedAt: first.recordedAt,
      asOf: first.asOf,
      divisions: [
        { code: "350203001", population: 42_000 },
        { code: "350203001001", population: 6_000 },
        { code: "350203001002" },
      ],
      servicePoints: SETUP_POINTS,
    });
    expect(first.asOf).toBe(first.recordedAt);
    expect(Date.parse(first.asOf)).toBeGreaterThanOrEqual(Date.parse(String(setup[1]!.asOf)));
    // GET /v1/divisions shows the population; the districts of GB/T 2260 have none.
    const list = (await node.get("/v1/divisions")).body.items as {
      code: string;
      population: number | null;
    }[];
    expect(list.find((d) => d.code === "350203001001")).toMatchObject({
      name: "营平社区",
      population: 6_000,
    });
    expect(list.find((d) => d.code === "350203001002")).toMatchObject({ population: null });
    expect(list.find((d) => d.code === "350203")).toMatchObject({ level: "district", population: null });

    // A point of the community, then two staff members at it: one revision each, the count exact.
    const point = await node.published(() => node.servicePoint(POINT, "350203001001"));
    expect(networks(point).map((r) => [r.revision, staffOf(r)])).toEqual([[4, 0]]);
    const names = ["林小梅", "黄大伟"];
    const staffed = await node.published(async () => {
      for (const name of names) {
        const res = await addStaff(name, POINT);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        staffIds.push(String(res.body.id));
      }
    });
    const revisions = networks(staffed);
    expect(revisions.map((r) => [r.revision, staffOf(r)])).toEqual([
      [5, 1],
      [6, 2],
    ]);
    expect(revisions[1]!.servicePoints).toEqual([
      ...SETUP_POINTS,
      { id: POINT, kind: "public", divisionCode: "350203001001", active: true, staff: 2 },
    ]);
    expect(staffed.every((r) => r.message_key === "350200" && r.headers.ce_subject === setup[0]!.id)).toBe(
      true,
    );

    // What the province reads is the contract's record, and counts only: no staff member is named.
    for (const record of networks(await node.outbox()))
      expect(() => serviceNetwork.schema.parse(record)).not.toThrow();
    for (const r of staffed) {
      for (const name of names) expect(r.payload).not.toContain(name);
      for (const id of staffIds) expect(r.payload).not.toContain(id);
    }
    expect(await node.rows("select record_id, revision from service_network_publication")).toEqual([
      { record_id: setup[0]!.id, revision: 6 },
    ]);
  });

  it("publishes nothing when the network is as it was: the same loads again, a rename, a reload without population, a staff member at no point, a refused change", async () => {
    const before = await newest();
    const nothing = await node.published(async () => {
      expect((await putDivisions(DIVISIONS)).status).toBe(200);
      await node.servicePoint(POINT, "350203001001");
      // Names are not part of the record; an item without population keeps the stored one.
      expect(
        (await putDivisions(DIVISIONS.map((d) => ({ code: d.code, name: `${d.name}（新）` })))).status,
      ).toBe(200);
      const atNoPoint = await addStaff("陈不在点");
      expect(atNoPoint.status).toBe(201);
      expect((await putDivisions([{ code: "350582001", name: "青阳街道", population: 1 }])).status).toBe(422);
      expect(
        (
          await node.put(
            "/v1/service-points",
            { id: "sp-elsewhere", name: "x", kind: "public", divisionCode: "350582001" },
            admin(),
          )
        ).status,
      ).toBe(422);
    });
    expect(nothing).toEqual([]);
    const list = (await node.get("/v1/divisions")).body.items as {
      code: string;
      population: number | null;
    }[];
    expect(list.find((d) => d.code === "350203001001")).toMatchObject({
      name: "营平社区（新）",
      population: 6_000,
    });
    expect(await newest()).toEqual(before);
  });

  it("publishes the new count when a staff member is deactivated or reactivated, and nothing when the state stays", async () => {
    const { revision } = await newest();
    const off = await node.published(() => setActive(staffIds[0]!, false));
    expect(networks(off).map((r) => [r.revision, staffOf(r)])).toEqual([[revision + 1, 1]]);
    expect(await node.published(() => setActive(staffIds[0]!, false))).toEqual([]);
    const on = await node.published(() => setActive(staffIds[0]!, true));
    expect(networks(on).map((r) => [r.revision, staffOf(r)])).toEqual([[revision + 2, 2]]);
  });

  it("publishes a population given or cleared (null)", async () => {
    const { revision } = await newest();
    const changed = await node.published(async () => {
      expect(
        (await putDivisions([{ code: "350203001002", name: "海岸社区", population: 5_200 }])).status,
      ).toBe(200);
      expect(
        (await putDivisions([{ code: "350203001001", name: "营平社区", population: null }])).status,
      ).toBe(200);
    });
    expect(networks(changed).map((r) => [r.revision, r.divisions])).toEqual([
      [
        revision + 1,
        [
          { code: "350203001", population: 42_000 },
          { code: "350203001001", population: 6_000 },
          { code: "350203001002", population: 5_200 },
        ],
      ],
      [
        revision + 2,
        [
          { code: "350203001", population: 42_000 },
          { code: "350203001001" },
          { code: "350203001002", population: 5_200 },
        ],
      ],
    ]);
  });

  it("publishes two changes made at once as consecutive revisions, the later one with both: the second waits for the first", async () => {
    const { revision } = await newest();
    const change = (name: string) => async (tx: Database) => {
      await tx.insert(staff).values({ name, role: "clerk", divisionCode: "350203", servicePointId: POINT });
      return publishServiceNetwork({ db: tx, cityCode: "350200", publisher: node.services.publisher });
    };
    const rows = await node.published(async () => {
      // The first change publishes and stays open; the second, begun then, waits for it on the
      // publication row rather than publishing the same revision without the first one's staff member.
      let commitFirst!: () => void;
      let firstPublished!: () => void;
      const held = new Promise<void>((resolve) => (commitFirst = resolve));
      const published = new Promise<void>((resolve) => (firstPublished = resolve));
      const first = node.db.db.transaction(async (tx) => {
        const record = await change("王同时")(tx);
        firstPublished();
        await held;
        return record;
      });
      await published;
      let secondDone = false;
      const second = node.db.db.transaction(change("张同时")).finally(() => {
        secondDone = true;
      });
      await waitFor(
        async () =>
          secondDone ||
          (
            await node.rows(
              "select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
            )
          ).length > 0,
        { what: "the second change waiting for the first" },
      );
      expect(secondDone).toBe(false);
      commitFirst();
      await Promise.all([first, second]);
    });
    expect(networks(rows).map((r) => [r.revision, staffOf(r)])).toEqual([
      [revision + 1, 3],
      [revision + 2, 4],
    ]);
  });
});

describe("the service network on the broker", () => {
  const province = testTrust(sourceOf.province());
  const kafka = createKafka({ brokers: TEST_BROKERS, clientId: "test-service-network" });
  const producer = createProducer(kafka);
  const kafkaAdmin = kafka.admin();
  const watchGroup = `service-network-watch-${randomUUID()}`;
  const watcher = kafka.consumer({ groupId: watchGroup });
  const seen: KafkaMessage[] = [];
  let relay: OutboxRelay | undefined;

  afterAll(async () => {
    await relay?.stop();
    await watcher.disconnect();
    await Promise.all([producer.disconnect(), kafkaAdmin.disconnect()]);
  });

  it("reaches pes.city.350200.master keyed by the city code, signed by the city and opened as the province reads it", async () => {
    const topic = topics.cityMaster("350200");
    await Promise.all([producer.connect(), kafkaAdmin.connect()]);
    // Only what this run publishes: the topic keeps every earlier run's records.
    await startGroupAtEnd(kafkaAdmin, watchGroup, [topic]);
    await watcher.connect();
    await watcher.subscribe({ topic });
    await watcher.run({ eachMessage: async ({ message }) => void seen.push(message) });
    // The relay the node runs, signing as the city.
    relay = new OutboxRelay({
      db: node.db.db,
      producer,
      ensureTopics: topicEnsurer(kafkaAdmin),
      signer: node.services.trust.ring,
      idleMs: 50,
    });
    relay.start();

    const { id, revision } = await newest();
    await setActive(staffIds[1]!, false);
    const message = await waitFor(
      () =>
        seen.find(
          (m) =>
            headerText(m.headers, "ce_subject") === id &&
            (JSON.parse(open(m)) as { revision: number }).revision === revision + 1,
        ),
      { what: "the service network's new revision on Kafka" },
    );
    expect(message.key?.toString()).toBe("350200");
    const decoded = decodeEvent(message.headers, open(message));
    expect(decoded.ok).toBe(true);
    if (decoded.ok) {
      expect(decoded.event.attributes).toMatchObject({
        source: "/city/350200",
        type: "cn.gov.fj.pes.service-network.v1",
        subject: id,
      });
      expect(decoded.event.data).toMatchObject({ id, revision: revision + 1, cityCode: "350200" });
      expect(staffOf(decoded.event.data as Record<string, unknown>)).toBe(3);
    }

    /** The message's record as the province opens it; throws when it is not the city's. */
    function open(m: KafkaMessage): string {
      const read = readTrusted(province, { topic, headers: m.headers, value: m.value });
      if (read.ok !== true) throw new Error(`not a trusted record: ${JSON.stringify(read)}`);
      return read.value;
    }
  });
});
