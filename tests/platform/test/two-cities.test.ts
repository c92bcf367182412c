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
import { cityNodeProcess } from "./support/city-node.js";
import { person } from "./support/person.js";

// Per run: records an earlier run left on the broker fail this hub's person-key check and are not counted.
const SECRET = `e2e-person-key-secret-${randomUUID()}`;

/** A real city-node process on its own database, and a city admin's token for it. */
async function cityNode(cityCode: string) {
  const node = await cityNodeProcess({
    cityCode,
    label: `e2ecity${cityCode}`,
    personKeySecret: SECRET,
    consumerGroup: `e2e-city-${cityCode}-${randomUUID()}`,
    adminName: "端到端测试",
    listenTimeoutMs: 60_000,
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${node.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${node.adminToken}`, "content-type": "application/json" },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { call, close: () => node.close() };
}

describe("two city nodes and the hub on one broker", () => {
  let hubTestDb: TestDatabase;
  let hubDb: DatabaseHandle;
  let hub: Awaited<ReturnType<typeof startIngest>>;
  let xiamen: Awaited<ReturnType<typeof cityNode>>;
  let quanzhou: Awaited<ReturnType<typeof cityNode>>;

  beforeAll(async () => {
    const admin = createKafka({ brokers: TEST_BROKERS, clientId: "e2e-hub" }).admin();
    await admin.connect();
    await provisionTopics(admin);
    // The hub's group starts at the ends of the ingest topics, not at the history earlier runs left.
    const hubGroup = `e2e-hub-${randomUUID()}`;
    await startGroupAtEnd(admin, hubGroup, INGEST_TOPICS).finally(() => admin.disconnect());
    hubTestDb = await testDatabase("e2ehub");
    hubDb = hubTestDb.db;
    hub = await startIngest(hubDb, {
      kafkaBrokers: TEST_BROKERS,
      personKeySecret: SECRET,
      cipher: new PiiCipher(Buffer.alloc(32, 9).toString("base64")),
      trust: TEST_TRUST,
      groupId: hubGroup,
      extensions: [indicatorExtension()],
    });
    [xiamen, quanzhou] = await Promise.all([cityNode("350200"), cityNode("350500")]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([xiamen?.close(), quanzhou?.close()]);
    await hub?.close();
    await hubTestDb?.close();
  });

  it("takes both cities' registrations into the provincial database and closes the older one at its node", async () => {
    const { idNumber } = person(357, { birthDate: "1991-06-15" });
    const form = (divisionCode: string, appliedOn: string) => ({
      person: { idNumber, name: "林晓", divisionCode },
      ableToWork: true,
      wantsWork: true,
      currentlyEmployed: false,
      placeBasis: "residence",
      servicePointId: "sp-e2e",
      appliedOn,
    });
    const xm = await xiamen.call(
      "POST",
      "/v1/unemployment-registrations",
      form("350203001001", "2025-03-03"),
    );
    expect(xm.status, JSON.stringify(xm.body)).toBe(201);
    expect(
      (
        await xiamen.call("POST", `/v1/unemployment-registrations/${xm.body.id}/register`, {
          registeredOn: "2025-03-04",
        })
      ).status,
    ).toBe(200);
    // Three months later the same person registers in Quanzhou: the province keeps one open registration.
    const qz = await quanzhou.call(
      "POST",
      "/v1/unemployment-registrations",
      form("350582001001", "2025-06-02"),
    );
    expect(qz.status, JSON.stringify(qz.body)).toBe(201);

    await waitFor(
      async () => {
        const rows = rowsOf<{ n: number }>(
          await hubDb.db.execute(
            sql`select count(*)::int as n from hub_records where record_id in (${xm.body.id}, ${qz.body.id})`,
          ),
        );
        return rows[0]!.n === 2;
      },
      { timeoutMs: 60_000, what: "both registrations in the provincial database" },
    );
    const closed = await waitFor(
      async () => {
        const r = await xiamen.call("GET", `/v1/unemployment-registrations/${xm.body.id}`);
        return r.body.state === "closed" ? r.body : undefined;
      },
      { timeoutMs: 60_000, what: "the Xiamen registration closed by the hub's instruction" },
    );
    expect(closed).toMatchObject({ closeReason: "registered-elsewhere", closedOn: "2025-06-02" });
    expect((await quanzhou.call("GET", `/v1/unemployment-registrations/${qz.body.id}`)).body.state).toBe(
      "applied",
    );
    // The closure itself flowed back up: the province now sees the Xiamen registration closed.
    await waitFor(
      async () => {
        const rows = rowsOf<{ state: string }>(
          await hubDb.db.execute(
            sql`select data->>'state' as state from hub_records where record_id = ${xm.body.id}`,
          ),
        );
        return rows[0]?.state === "closed";
      },
      { timeoutMs: 60_000, what: "the closure back at the province" },
    );
    // The registrations moved the hub's indicators: Xiamen's registered unemployed at the end of March
    // counts the person; at the end of June, after the hub closed the registration, it does not.
    const registeredUnemployed = async (period: string) =>
      (await indicatorTable({ db: hubDb.db }, { scope: { level: "city", cityCode: "350200" }, period })).find(
        (r) => r.code === "registered_unemployed",
      )?.numerator;
    expect(await registeredUnemployed("2025-03")).toBe(1);
    expect(await registeredUnemployed("2025-06")).toBe(0);
  }, 180_000);
});
