import { PiiCipher, rowsOf } from "@pes/sync";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_PII_KEY } from "../src/env.js";
import {
  closeRegistrationsAtRetirement,
  NODE_ACTOR,
  scheduleRetirementClosures,
  untilNextChinaMidnight,
} from "../src/use-cases/ledgers/retirement-closure.js";
import {
  application,
  idNumber,
  openAsProvince,
  TEST_PERSON_KEY_SECRET,
  type TestNode,
  testApp,
} from "./support/index.js";

type Node = TestNode;
let node: Node;
beforeAll(async () => {
  node = await testApp("deskrules");
});
afterAll(async () => node?.close());

const ctx = () => ({
  cityCode: "350200",
  vault: { cipher: new PiiCipher(DEV_PII_KEY), personKeySecret: TEST_PERSON_KEY_SECRET },
  publisher: node.services.publisher,
});

/** The records published about `registrationId`, opened as the province opens them (the outbox holds them sealed). */
async function published(registrationId: string) {
  const result = await node.db.db.execute(sql`select headers, payload from pes_outbox order by id`);
  return rowsOf<{ headers: Record<string, string>; payload: string }>(result)
    .map((r) => JSON.parse(openAsProvince(r.headers, r.payload)) as Record<string, unknown>)
    .filter((record) => record.id === registrationId);
}

function job(id: string, startedOn: string, extra: Record<string, unknown> = {}) {
  return {
    person: application(id).person,
    form: "unit-employee",
    unit: { name: "厦门某某科技有限公司", creditCode: "91100000186596454h" },
    address: "厦门市思明区软件园二期",
    position: "软件测试员",
    workingHours: { hoursPerWeek: 40 },
    monthlyIncomeFen: 650000,
    startedOn,
    registeredOn: "2025-11-03",
    ...extra,
  };
}

describe("employment registration closes an unemployment registration only for a job ongoing on or after its date", () => {
  it("a job that ended the day before the unemployment application closes nothing", async () => {
    const id = idNumber();
    const applied = await node.post(
      "/v1/unemployment-registrations",
      application(id, { appliedOn: "2025-10-09" }),
    );
    const res = await node.post(
      "/v1/employment-registrations",
      job(id, "2025-03-01", { endedOn: "2025-10-08" }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.closedUnemploymentRegistrationId).toBeNull();
    expect((await node.get(`/v1/unemployment-registrations/${applied.body.id}`)).body).toMatchObject({
      state: "applied",
    });
  });

  it("a job still held on the day of the application closes it", async () => {
    const id = idNumber();
    const applied = await node.post(
      "/v1/unemployment-registrations",
      application(id, { appliedOn: "2025-10-09" }),
    );
    const res = await node.post(
      "/v1/employment-registrations",
      job(id, "2025-03-01", { endedOn: "2025-10-09" }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.closedUnemploymentRegistrationId).toBe(applied.body.id);
  });

  it("an ongoing job closes it, the credit code of a national-level authority in lower case upper-cased", async () => {
    const id = idNumber();
    const applied = await node.post(
      "/v1/unemployment-registrations",
      application(id, { appliedOn: "2025-10-09" }),
    );
    // The ID number typed with a lower-case x finds the same person (normalised, never refused).
    const person = { ...application(id).person, idNumber: id.toLowerCase() };
    const res = await node.post("/v1/employment-registrations", { ...job(id, "2025-11-01"), person });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.closedUnemploymentRegistrationId).toBe(applied.body.id);
    const [record] = await published(String(res.body.id));
    expect(record).toMatchObject({ unit: { creditCode: "91100000186596454H" } });
  });
});

describe("employment registration checks working age on the start date", () => {
  // A man born 1965-01-15 reaches 60 years 1 month on 2025-02-15.
  const man = () => idNumber("1965-01-15", true);
  const teen = () => idNumber("2009-11-04", true); // 16 on 2025-11-04

  it.each([
    ["the last day before retirement", man, "2025-02-14", 201],
    ["the day the retirement age is reached", man, "2025-02-15", 422],
    ["the day before the 16th birthday", teen, "2025-11-03", 422],
    ["the 16th birthday", teen, "2025-11-04", 201],
  ])("%s", async (_, who, startedOn, status) => {
    const res = await node.post("/v1/employment-registrations", {
      ...job(who(), startedOn),
      registeredOn: "2025-11-05",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (status === 422) {
      expect(res.body).toMatchObject({ status: 422, type: "urn:pes:problem:not-of-working-age" });
      expect(res.body.errors).toEqual([expect.objectContaining({ path: "person.idNumber" })]);
    }
  });

  it("a woman cadre (原55岁) works past 50: the category is taken from the form", async () => {
    const id = idNumber("1975-03-01", false);
    const worker = await node.post("/v1/employment-registrations", job(id, "2025-06-02"));
    expect(worker.status).toBe(422); // a worker born 1975-03 retires at 50 years 2 months: 2025-05-01
    const cadre = await node.post("/v1/employment-registrations", {
      ...job(id, "2025-06-02"),
      person: { ...application(id).person, femaleCategory: "cadre" },
    });
    expect(cadre.status, JSON.stringify(cadre.body)).toBe(201);
  });
});

describe("closing an application still applied (withdrawn)", () => {
  it("closes it at the desk on the day applied, publishes a valid record without registeredOn", async () => {
    const applied = await node.post(
      "/v1/unemployment-registrations",
      application(idNumber(), { appliedOn: "2025-10-09" }),
    );
    const early = await node.post(`/v1/unemployment-registrations/${applied.body.id}/close`, {
      reason: "withdrawn",
      closedOn: "2025-10-08",
    });
    expect(early.status).toBe(422);
    expect(early.body.errors).toEqual([expect.objectContaining({ path: "closedOn" })]);
    const res = await node.post(`/v1/unemployment-registrations/${applied.body.id}/close`, {
      reason: "withdrawn",
      closedOn: "2025-10-09",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      state: "closed",
      closeReason: "withdrawn",
      closedOn: "2025-10-09",
      revision: 2,
    });
    expect(res.body.registeredOn).toBeUndefined();
    const records = await published(String(applied.body.id));
    expect(records.at(-1)).toMatchObject({ state: "closed", closeReason: "withdrawn" });
    expect(records.at(-1)!.registeredOn).toBeUndefined();
  });

  it("still refuses closing an application for a reason that needs a registration (409)", async () => {
    const applied = await node.post("/v1/unemployment-registrations", application(idNumber()));
    const res = await node.post(`/v1/unemployment-registrations/${applied.body.id}/close`, {
      reason: "moved-away",
    });
    expect(res.status).toBe(409);
  });
});

describe("closing registrations at the statutory retirement age", () => {
  it("closes on the day the age is reached, not the day before; publishes and audits it", async () => {
    // Men born 1965-01: 60 years 1 month. Born 1965-01-15 → retires 2025-02-15.
    const registered = await node.post(
      "/v1/unemployment-registrations",
      application(idNumber("1965-01-15"), { appliedOn: "2025-01-06" }),
    );
    await node.post(`/v1/unemployment-registrations/${registered.body.id}/register`, {
      registeredOn: "2025-01-10",
    });
    const applied = await node.post(
      "/v1/unemployment-registrations",
      application(idNumber("1965-01-15"), { appliedOn: "2025-02-14" }),
    );
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    // A woman cadre born 1975-03-01 retires at 56 years 4 months (2031-07-01), not at 50 years 2 months.
    const cadre = await node.post(
      "/v1/unemployment-registrations",
      application(idNumber("1975-03-01", false), {
        appliedOn: "2025-06-02",
        person: { ...application().person, idNumber: idNumber("1975-03-01", false), femaleCategory: "cadre" },
      }),
    );
    expect(cadre.status, JSON.stringify(cadre.body)).toBe(201);

    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    expect(
      ids(await closeRegistrationsAtRetirement({ ...ctx(), db: node.db.db }, { today: "2025-02-14" })),
    ).not.toContain(registered.body.id);
    const closed = ids(
      await closeRegistrationsAtRetirement({ ...ctx(), db: node.db.db }, { today: "2025-02-15" }),
    );
    expect(closed).toEqual(expect.arrayContaining([registered.body.id, applied.body.id]));
    expect(closed).not.toContain(cadre.body.id);
    for (const id of [registered.body.id, applied.body.id]) {
      expect((await node.get(`/v1/unemployment-registrations/${id}`)).body).toMatchObject({
        state: "closed",
        closeReason: "retirement-age",
        closedOn: "2025-02-15",
      });
      expect((await published(String(id))).at(-1)).toMatchObject({
        state: "closed",
        closeReason: "retirement-age",
        closedOn: "2025-02-15",
      });
    }
    const audit = await node.db.db.execute(
      sql`select staff_id from audit_log where entity_id = ${String(registered.body.id)} and action = 'close'`,
    );
    const auditRows = rowsOf<{ staff_id: string }>(audit);
    expect(auditRows.map((r) => r.staff_id)).toEqual([NODE_ACTOR]);
    // Run again (the next day, or a restart): nothing more.
    expect(
      await closeRegistrationsAtRetirement({ ...ctx(), db: node.db.db }, { today: "2025-06-02" }),
    ).toEqual([]);
    expect(
      ids(await closeRegistrationsAtRetirement({ ...ctx(), db: node.db.db }, { today: "2031-06-30" })),
    ).toEqual([]);
    expect(
      ids(await closeRegistrationsAtRetirement({ ...ctx(), db: node.db.db }, { today: "2031-07-01" })),
    ).toEqual([cadre.body.id]);
  });

  it("runs at start-up on China's date and waits for China's next midnight", async () => {
    expect(untilNextChinaMidnight(new Date("2025-02-14T15:59:00Z"))).toBe(60_000); // 23:59 in China
    expect(untilNextChinaMidnight(new Date("2025-02-14T16:00:00Z"))).toBe(86_400_000); // 00:00 in China
    const res = await node.post(
      "/v1/unemployment-registrations",
      application(idNumber("1965-05-20"), { appliedOn: "2025-05-06" }),
    );
    // Born 1965-05: 60 years 2 months → 2025-07-20. 00:10 on 2025-07-20 in China is still the 19th in UTC.
    const seen: string[] = [];
    const schedule = scheduleRetirementClosures({
      db: node.db.db,
      ctx: ctx(),
      clock: () => new Date("2025-07-19T16:10:00Z"),
      onError: (e) => {
        throw e;
      },
      onClosed: (_, today) => seen.push(today),
    });
    await schedule.running;
    await schedule.stop();
    expect(seen).toEqual(["2025-07-20"]);
    expect((await node.get(`/v1/unemployment-registrations/${res.body.id}`)).body).toMatchObject({
      state: "closed",
      closeReason: "retirement-age",
      closedOn: "2025-07-20",
    });
  });
});
