import { randomUUID } from "node:crypto";
import {
  INGEST_TOPICS,
  indicatorExtension,
  indicatorTable,
  startIngest,
  TEST_TRUST,
  type TestDatabase,
  testDatabase,
} from "@pes/province-hub/testing";
import { createKafka, PiiCipher, provisionTopics, rowsOf } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import { startGroupAtEnd, TEST_BROKERS, waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CityNodeProcess, cityNodeProcess } from "./support/city-node.js";
import { person } from "./support/person.js";

// Issue 17 #2: a record revised at its city node reaches the hub as its newest revision, and the
// hub's indicators follow the revision (a training certified moves certificate_rate).

// Per run: records an earlier run left on the broker fail this hub's person-key check and are not counted.
const SECRET = `revisions-person-key-secret-${randomUUID()}`;

describe("a revision at the city node, applied by the hub", () => {
  let hubTestDb: TestDatabase;
  let hubDb: DatabaseHandle;
  let hub: Awaited<ReturnType<typeof startIngest>>;
  let xiamen: CityNodeProcess;

  beforeAll(async () => {
    const admin = createKafka({ brokers: TEST_BROKERS, clientId: "revisions-hub" }).admin();
    await admin.connect();
    await provisionTopics(admin);
    const hubGroup = `revisions-hub-${randomUUID()}`;
    await startGroupAtEnd(admin, hubGroup, INGEST_TOPICS).finally(() => admin.disconnect());
    hubTestDb = await testDatabase("revhub");
    hubDb = hubTestDb.db;
    hub = await startIngest(hubDb, {
      kafkaBrokers: TEST_BROKERS,
      personKeySecret: SECRET,
      cipher: new PiiCipher(Buffer.alloc(32, 9).toString("base64")),
      trust: TEST_TRUST,
      groupId: hubGroup,
      extensions: [indicatorExtension()],
    });
    xiamen = await cityNodeProcess({
      cityCode: "350200",
      label: "revcity",
      personKeySecret: SECRET,
      consumerGroup: `revisions-city-${randomUUID()}`,
      adminName: "修订测试",
      listenTimeoutMs: 60_000,
    });
  }, 180_000);

  afterAll(async () => {
    await xiamen?.close();
    await hub?.close();
    await hubTestDb?.close();
  });

  const call = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${xiamen.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${xiamen.adminToken}`,
        "content-type": "application/json",
        ...headers,
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };

  /** The hub's newest revision of record `id`, once it has `revision`. */
  const atHub = (id: string, revision: number) =>
    waitFor(
      async () => {
        const [row] = rowsOf<{ revision: number; data: Record<string, unknown> }>(
          await hubDb.db.execute(sql`select revision, data from hub_records where record_id = ${id}`),
        );
        return row && row.revision >= revision ? row : undefined;
      },
      { timeoutMs: 60_000, what: `revision ${revision} of ${id} at the hub` },
    );

  const certificateRate = async () =>
    (
      await indicatorTable(
        { db: hubDb.db },
        { scope: { level: "city", cityCode: "350200" }, period: "2025-05" },
      )
    ).find((r) => r.code === "certificate_rate");

  it("takes a training enrolled, completed, then certified as revisions 1–3, and moves certificate_rate", async () => {
    const { idNumber } = person(611, { birthDate: "1992-04-18" });
    const training = {
      sourceRecordId: "XM-PX-2025-0001",
      person: { idNumber, name: "郑培训", divisionCode: "350203001001" },
      kind: "employment-skills",
      course: "电工（中级）",
      stage: "enrolled",
      enrolledOn: "2025-04-01",
      subsidised: true,
    };
    const enrolled = await call("POST", "/v1/training-records", training);
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
    const id = String(enrolled.body.id);
    // The city system sends it again (a retry): the same record, nothing new.
    const retried = await call("POST", "/v1/training-records", training);
    expect(retried.status).toBe(200);
    expect(retried.headers.get("idempotent-replayed")).toBe("true");

    // Completed: a new revision of the same record, by its source id.
    const completed = { ...training, stage: "completed", completedOn: "2025-05-30", passed: true };
    const second = await call("POST", "/v1/training-records", completed);
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body).toMatchObject({ id, revision: 2 });
    expect((await atHub(id, 2)).data).toMatchObject({ stage: "completed" });
    await waitFor(async () => (await certificateRate())?.denominator === 1, {
      timeoutMs: 30_000,
      what: "the completed training in certificate_rate's denominator",
    });
    expect((await certificateRate())?.numerator).toBe(0);

    // Certified: by id, as revision 2 said.
    const certified = await call(
      "PUT",
      `/v1/training-records/${id}`,
      { ...completed, certificate: { type: "skill-level", level: "level-4", issuedOn: "2025-06-10" } },
      { "if-match": String(second.headers.get("etag")) },
    );
    expect(certified.status, JSON.stringify(certified.body)).toBe(200);
    expect(certified.body).toMatchObject({ id, revision: 3, certificate: true });
    const newest = await atHub(id, 3);
    expect(newest.revision).toBe(3);
    expect(newest.data).toMatchObject({ stage: "completed", certificate: { type: "skill-level" } });
    await waitFor(async () => (await certificateRate())?.numerator === 1, {
      timeoutMs: 30_000,
      what: "the certificate in certificate_rate",
    });
    expect((await certificateRate())?.denominator).toBe(1);
    // One record at the hub, at its newest revision.
    const rows = rowsOf<{ n: number }>(
      await hubDb.db.execute(sql`select count(*)::int as n from hub_records where record_id = ${id}`),
    );
    expect(rows[0]!.n).toBe(1);
  }, 180_000);
});
