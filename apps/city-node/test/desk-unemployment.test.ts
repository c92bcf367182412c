import { rowsOf } from "@pes/sync";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { application, idNumber, openAsProvince, type TestNode, testApp } from "./support/index.js";

type Node = TestNode;
let node: Node;
beforeAll(async () => {
  node = await testApp("desk");
});
afterAll(async () => node?.close());

/** The outbox rows, each value opened as the province opens it (`sealed`: as the row keeps it). */
async function outboxRows() {
  const result = await node.db.db.execute(
    sql.raw("select topic, message_key, headers, payload from pes_outbox order by id"),
  );
  return rowsOf<{
    topic: string;
    message_key: string;
    headers: Record<string, string>;
    payload: string;
  }>(result).map((r) => ({ ...r, payload: openAsProvince(r.headers, r.payload), sealed: r.payload }));
}

describe("unemployment registration (失业登记)", () => {
  it("takes an application, sets the 10th working day across the National Day holiday, and publishes it keyed by the person key", async () => {
    const id = idNumber();
    const before = (await outboxRows()).length;
    const res = await node.post("/v1/unemployment-registrations", application(id));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // Fri 26 Sep 2025: Sun 28 Sep is a make-up working day, 1–8 Oct are holidays, Sat 11 Oct is worked.
    expect(res.body).toMatchObject({
      state: "applied",
      appliedOn: "2025-09-26",
      dueBy: "2025-10-16",
      revision: 1,
    });
    expect(res.body.person).toMatchObject({ idNumber: id, masked: false });

    const rows = (await outboxRows()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.topic).toBe("pes.city.350200.person");
    expect(rows[0]!.message_key).toMatch(/^pk_/);
    expect(rows[0]!.message_key).not.toContain(id);
    expect(rows[0]!.headers).toMatchObject({
      ce_source: "/city/350200",
      ce_type: "cn.gov.fj.pes.unemployment-registration.v2",
    });
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({
      state: "applied",
      dueBy: "2025-10-16",
      person: { idNumber: id },
    });
    // Sealed for the province as it is written: the row holds no ID number, no name, no JSON.
    expect(rows[0]!.headers).toMatchObject({
      ce_pesseal: "SM2-SM4-GCM",
      ce_pesrecipient: "test-province-enc",
    });
    for (const clear of [id, "陈明", '"state"']) expect(rows[0]!.sealed).not.toContain(clear);
  });

  it("takes the industry of the last job (所属行业, contract v2) and publishes it as unemployment-registration v2, also on a revision", async () => {
    const id = idNumber();
    const without = application(id);
    const body = { ...without, lastJobIndustry: "C3911" };
    const before = (await outboxRows()).length;
    const res = await node.post("/v1/unemployment-registrations", body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const [created] = (await outboxRows()).slice(before);
    expect(created!.headers).toMatchObject({
      ce_type: "cn.gov.fj.pes.unemployment-registration.v2",
      ce_dataschema: "https://pes.fj.gov.cn/schemas/unemployment-registration/v2.json",
    });
    expect(JSON.parse(created!.payload)).toMatchObject({
      id: res.body.id,
      revision: 1,
      lastJobIndustry: "C3911",
      person: { idNumber: id },
    });

    // Corrected at the desk (the section only), then left out: each a revision that carries what the form says.
    const corrected = await node.put(`/v1/unemployment-registrations/${res.body.id}`, {
      ...body,
      lastJobIndustry: "C",
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    const left = await node.put(`/v1/unemployment-registrations/${res.body.id}`, without);
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    const revisions = (await outboxRows()).slice(before).map((r) => JSON.parse(r.payload));
    expect(revisions.map((r) => [r.revision, r.lastJobIndustry])).toEqual([
      [1, "C3911"],
      [2, "C"],
      [3, undefined],
    ]);
  });

  it("refuses an industry that is not a GB/T 4754 code (400 at lastJobIndustry), writing nothing", async () => {
    const outbox = await node.count("pes_outbox");
    const res = await node.post(
      "/v1/unemployment-registrations",
      application(idNumber(), { lastJobIndustry: "制造业" }),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors!.map((e) => e.path)).toEqual(["lastJobIndustry"]);
    expect(await node.count("pes_outbox")).toBe(outbox);
  });

  it("refuses a second open registration of the same person, and writes nothing", async () => {
    const id = idNumber();
    expect((await node.post("/v1/unemployment-registrations", application(id))).status).toBe(201);
    const outbox = await node.count("pes_outbox");
    const registrations = await node.count("unemployment_registrations");
    const second = await node.post(
      "/v1/unemployment-registrations",
      application(id, { appliedOn: "2025-10-20" }),
    );
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ type: "urn:pes:problem:registration-already-open", status: 409 });
    expect(await node.count("pes_outbox")).toBe(outbox);
    expect(await node.count("unemployment_registrations")).toBe(registrations);
  });

  it("lists every reason an applicant is not eligible at once (一次性告知)", async () => {
    const res = await node.post(
      "/v1/unemployment-registrations",
      application(idNumber("1960-05-01"), { ableToWork: false, currentlyEmployed: true }),
    );
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: "urn:pes:problem:not-eligible", status: 422 });
    const paths = res.body.errors!.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["person.birthDate", "ableToWork", "currentlyEmployed"]));
  });

  it("takes a man one day before his retirement date and refuses him on it (2025 schedule, born 1965-03 → 60y1m)", async () => {
    const ok = await node.post(
      "/v1/unemployment-registrations",
      application(idNumber("1965-03-10"), { appliedOn: "2025-04-09" }),
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const late = await node.post(
      "/v1/unemployment-registrations",
      application(idNumber("1965-03-10"), { appliedOn: "2025-04-10" }),
    );
    expect(late.status).toBe(422);
  });

  it("goes applied → registered → closed, and refuses closing twice", async () => {
    const { body } = await node.post("/v1/unemployment-registrations", application());
    const registered = await node.post(`/v1/unemployment-registrations/${body.id}/register`, {
      registeredOn: "2025-09-29",
    });
    expect(registered.status).toBe(200);
    expect(registered.body).toMatchObject({ state: "registered", registeredOn: "2025-09-29", revision: 2 });
    const closed = await node.post(`/v1/unemployment-registrations/${body.id}/close`, {
      closedOn: "2025-11-03",
      reason: "moved-away",
    });
    expect(closed.body).toMatchObject({ state: "closed", closeReason: "moved-away", revision: 3 });
    const again = await node.post(`/v1/unemployment-registrations/${body.id}/close`, {
      closedOn: "2025-11-04",
      reason: "other",
    });
    expect(again.status).toBe(409);
  });

  it("shows clear personal data to the clerk handling the case, masked to the city admin, and audits each read", async () => {
    const id = idNumber();
    const { body } = await node.post("/v1/unemployment-registrations", application(id));
    const clerkView = await node.get(`/v1/unemployment-registrations/${body.id}`);
    expect(clerkView.body.person).toMatchObject({
      idNumber: id,
      name: "陈明",
      phone: "13800001234",
      masked: false,
    });
    const adminView = await node.get(`/v1/unemployment-registrations/${body.id}`, node.staff.admin);
    expect(adminView.body.person).toMatchObject({
      idNumber: `${id.slice(0, 4)}**********${id.slice(-4)}`,
      name: "陈*",
      phone: "138****1234",
      masked: true,
    });
    const result = await node.db.db.execute(
      sql`select action, staff_id from audit_log where entity_id = ${body.id} order by id`,
    );
    const audit = rowsOf<{ action: string; staff_id: string }>(result);
    expect(audit.map((a) => a.action)).toEqual(["create", "read", "read"]);
    expect(audit[2]!.staff_id).toBe(node.staff.admin.staffId);
  });
});

describe("employment registration (就业登记)", () => {
  it("closes the person's open unemployment registration in the same transaction, and publishes both", async () => {
    const id = idNumber();
    const applied = await node.post("/v1/unemployment-registrations", application(id));
    await node.post(`/v1/unemployment-registrations/${applied.body.id}/register`, {
      registeredOn: "2025-09-29",
    });
    const before = (await outboxRows()).length;
    const res = await node.post("/v1/employment-registrations", {
      person: application(id).person,
      form: "unit-employee",
      unit: { name: "厦门某某科技有限公司", creditCode: "91350200MA2Y3K4L5Y" },
      address: "厦门市思明区软件园二期",
      position: "软件测试员",
      workingHours: { hoursPerWeek: 40 },
      monthlyIncomeFen: 650000,
      startedOn: "2025-11-01",
      registeredOn: "2025-11-03",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.closedUnemploymentRegistrationId).toBe(applied.body.id);
    const after = await node.get(`/v1/unemployment-registrations/${applied.body.id}`);
    expect(after.body).toMatchObject({ state: "closed", closeReason: "employed", closedOn: "2025-11-01" });
    const types = (await outboxRows())
      .slice(before)
      .map((r) => [r.headers.ce_type, JSON.parse(r.payload).state ?? null]);
    expect(types).toEqual([
      ["cn.gov.fj.pes.employment-registration.v1", null],
      ["cn.gov.fj.pes.unemployment-registration.v2", "closed"],
    ]);
  });

  it("refuses a unit-employee without the unit, with the field, and writes nothing", async () => {
    const outbox = await node.count("pes_outbox");
    const res = await node.post("/v1/employment-registrations", {
      person: application().person,
      form: "unit-employee",
      address: "厦门市湖里区",
      position: "仓管",
      workingHours: { hoursPerWeek: 40 },
      monthlyIncomeFen: 500000,
      startedOn: "2025-11-01",
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: "unit" })]));
    expect(await node.count("pes_outbox")).toBe(outbox);
    expect(await node.count("persons")).toBeGreaterThan(0);
  });
});
