import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  application,
  bodies,
  employmentBody,
  HULI_POINT,
  HULI_STREET,
  idNumber,
  type LedgerNode,
  ledgerNode,
  personBlock,
  SIMING_COMMUNITY,
} from "./support/index.js";

/**
 * Issue 13 item 1: a person known to the node belongs to the area stored for them. A request about them
 * from another area is answered 404 (as a record that does not exist) and changes nothing, whatever
 * address it types in; the area moves only by a transfer (迁移) of the receiving area's supervisor; a
 * service, training or rating record never rewrites a person's identity.
 */
let node: LedgerNode;
/** A 湖里 person with an open (registered) unemployment registration of 湖里. */
let huli: { idNumber: string; personId: string; registrationId: string };
const HULI_NAME = "林湖里";
const HULI_PHONE = "13900005678";

beforeAll(async () => {
  node = await ledgerNode("deskjur");
  const id = idNumber();
  const applied = await node.post(
    "/v1/unemployment-registrations",
    application(id, {
      person: { idNumber: id, name: HULI_NAME, phone: HULI_PHONE, divisionCode: HULI_STREET },
      servicePointId: HULI_POINT,
    }),
    node.staff.huliClerk,
  );
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  const registered = await node.post(
    `/v1/unemployment-registrations/${applied.body.id}/register`,
    { registeredOn: "2025-10-09" },
    node.staff.huliClerk,
  );
  expect(registered.status).toBe(200);
  huli = {
    idNumber: id,
    personId: (registered.body.person as { id: string }).id,
    registrationId: String(applied.body.id),
  };
});
afterAll(async () => node?.close());

const TABLES = [
  "persons",
  "pes_outbox",
  "unemployment_registrations",
  "employment_registrations",
  "job_seeker_registrations",
  "key_group_memberships",
  "difficulty_recognitions",
  "zero_employment_families",
  "service_records",
  "training_records",
  "service_ratings",
  "person_transfers",
] as const;

type Person = { id: string; name: string; phone: string | null; divisionCode: string; masked: boolean };

/** The person as their own area's clerk reads them (clear, case work). */
async function storedHuliPerson(): Promise<Person> {
  const res = await node.get(`/v1/unemployment-registrations/${huli.registrationId}`, node.staff.huliClerk);
  expect(res.status).toBe(200);
  return res.body.person as Person;
}

async function auditOf(staffId: string) {
  return node.rows<{ action: string; entity: string; person_id: string | null; purpose: string | null }>(
    `select action, entity, person_id, purpose from audit_log where staff_id = '${staffId}' order by id`,
  );
}

/** The attack: a 思明 clerk names the 湖里 person by ID number with a new name, phone and a 思明 address. */
const attacker = () => ({
  idNumber: huli.idNumber,
  name: "冒名",
  phone: "13711112222",
  divisionCode: SIMING_COMMUNITY,
});

const deskForms: Array<[string, () => Record<string, unknown>]> = [
  ["/v1/service-records", () => bodies.service(attacker())],
  ["/v1/training-records", () => bodies.training(attacker())],
  ["/v1/ratings", () => bodies.rating(attacker())],
  ["/v1/unemployment-registrations", () => ({ ...application(), person: attacker() })],
  ["/v1/employment-registrations", () => employmentBody(attacker())],
  ["/v1/job-seeker-registrations", () => bodies.jobSeeker(attacker())],
  ["/v1/key-group-memberships", () => bodies.keyGroup(attacker())],
  ["/v1/difficulty-recognitions", () => bodies.difficulty(attacker())],
  ["/v1/zero-employment-families", () => bodies.family(attacker())],
];

describe("a write about a person of another area is refused 404 and changes nothing", () => {
  it("the reported attack: a 思明 clerk's service record for a 湖里 person with a 思明 address", async () => {
    const before = await node.counts(TABLES);
    const res = await node.post("/v1/service-records", bodies.service(attacker()));
    expect(res.status, JSON.stringify(res.body)).toBe(404);
    expect(res.body).toMatchObject({ status: 404, type: "urn:pes:problem:person-not-found" });
    // Nothing of the person in the answer.
    expect(JSON.stringify(res.body)).not.toContain(HULI_PHONE);
    expect(JSON.stringify(res.body)).not.toContain(HULI_NAME);
    // Nothing written, nothing published.
    expect(await node.counts(TABLES)).toEqual(before);
    // The person is as their area stored them, and their area still reads them; the 思明 clerk does not.
    expect(await storedHuliPerson()).toMatchObject({
      name: HULI_NAME,
      phone: HULI_PHONE,
      divisionCode: HULI_STREET,
      masked: false,
    });
    expect(
      (await node.get(`/v1/unemployment-registrations/${huli.registrationId}`, node.staff.simingClerk))
        .status,
    ).toBe(404);
    // The refused attempt is audited as a denial, not as a change.
    const audited = await auditOf(node.staff.simingClerk.staffId);
    expect(audited.filter((a) => a.person_id === huli.personId).map((a) => a.action)).toContain("deny");
    expect(audited.some((a) => a.person_id === huli.personId && a.action !== "deny")).toBe(false);
  });

  it.each(deskForms)("on %s too, whatever address the body gives", async (path, body) => {
    const before = await node.counts(TABLES);
    for (const divisionCode of [SIMING_COMMUNITY, HULI_STREET]) {
      const b = body() as { person: Record<string, unknown> };
      const res = await node.post(path, { ...b, person: { ...b.person, divisionCode } });
      expect(res.status, `${path} ${divisionCode}: ${JSON.stringify(res.body)}`).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(HULI_PHONE);
    }
    expect(await node.counts(TABLES)).toEqual(before);
    expect(await storedHuliPerson()).toMatchObject({ name: HULI_NAME, divisionCode: HULI_STREET });
  });

  it("refuses a zero-employment family of 思明 that names a 湖里 person as a member", async () => {
    const before = await node.counts(TABLES);
    const body = bodies.family(personBlock(idNumber("1985-01-01")), huli.idNumber);
    const res = await node.post("/v1/zero-employment-families", body);
    expect(res.status, JSON.stringify(res.body)).toBe(404);
    expect(await node.counts(TABLES)).toEqual(before);
  });

  it("answers a first registration whose address lies outside the caller's area with the same 404, adding no one", async () => {
    const before = await node.counts(TABLES);
    const res = await node.post("/v1/service-records", bodies.service(personBlock(idNumber(), HULI_STREET)));
    expect(res.status).toBe(404);
    expect(res.body.type).toBe("urn:pes:problem:person-not-found");
    expect(await node.counts(TABLES)).toEqual(before);
  });
});

describe("reads of another area's records answer 404, never 403", () => {
  const simingClerk = () => node.staff.simingClerk;
  const reads = (id: string, pointId: string): Array<[string, string, unknown?]> => [
    ["GET", `/v1/unemployment-registrations/${id}`],
    ["POST", `/v1/unemployment-registrations/${id}/register`, {}],
    ["POST", `/v1/unemployment-registrations/${id}/close`, { reason: "other" }],
    ["GET", `/v1/persons/${id}/key-groups`],
    ["GET", `/v1/commitment-131/persons/${id}`],
    ["GET", `/v1/commitment-131/service-points/${pointId}`],
  ];

  it("answers every GET (and change) by id of a 湖里 record to a 思明 clerk as if it did not exist", async () => {
    const existing = [
      ...reads(huli.registrationId, HULI_POINT).slice(0, 3),
      ...reads(huli.personId, HULI_POINT).slice(3),
    ];
    const missing = reads(randomUUID(), "sp-nowhere");
    for (const [i, [method, path, body]] of existing.entries()) {
      const res = await node.app.request(path, {
        method,
        headers: { ...simingClerk().headers, "content-type": "application/json" },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const other = await node.app.request(missing[i]![1], {
        method,
        headers: { ...simingClerk().headers, "content-type": "application/json" },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(404);
      const [a, b] = [(await res.json()) as { type: string }, (await other.json()) as { type: string }];
      expect(a.type, path).toBe(b.type);
    }
    expect(await storedHuliPerson()).toMatchObject({ divisionCode: HULI_STREET });
    const reg = await node.get(`/v1/unemployment-registrations/${huli.registrationId}`, node.staff.huliClerk);
    expect(reg.body.state).toBe("registered");
  });

  it("answers a supervisor of another district's decision on an application 404", async () => {
    const id = idNumber();
    const personId = await node.registeredUnemployed(id);
    const applied = await node.post("/v1/difficulty-recognitions", bodies.difficulty(personBlock(id)));
    expect(applied.status).toBe(201);
    const decide = `/v1/difficulty-recognitions/${applied.body.id}/decide`;
    const res = await node.post(decide, { decision: "recognise" }, node.staff.huliSupervisor);
    expect(res.status).toBe(404);
    expect(res.body.type).toBe("urn:pes:problem:recognition-not-found");
    expect(personId).toBeTruthy();
  });

  it("keeps another area's records out of every list filter", async () => {
    const list = await node.get(`/v1/unemployment-registrations?servicePointId=${HULI_POINT}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    const all = await node.get("/v1/unemployment-registrations?limit=200");
    expect((all.body.items as { id: string }[]).map((r) => r.id)).not.toContain(huli.registrationId);
  });
});

describe("a person's area moves only by a transfer (迁移) of the receiving area", () => {
  const transfer = (idNumber: string, toDivisionCode: string, who: { headers: Record<string, string> }) =>
    node.post(
      "/v1/person-transfers",
      { idNumber, toDivisionCode, reason: "常住地变更：已迁居湖里区，见居住证" },
      who,
    );

  it("a 湖里 supervisor takes a 思明 person into 湖里: audited, the records follow, nothing published", async () => {
    const id = idNumber();
    const personId = await node.registeredUnemployed(id);
    const [registration] = await node.rows<{ id: string }>(
      `select id from unemployment_registrations where person_id = '${personId}'`,
    );
    const outbox = await node.count("pes_outbox");
    const res = await transfer(id, HULI_STREET, node.staff.huliSupervisor);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      fromDivisionCode: SIMING_COMMUNITY,
      toDivisionCode: HULI_STREET,
      reason: "常住地变更：已迁居湖里区，见居住证",
      staffId: node.staff.huliSupervisor.staffId,
      person: { id: personId, divisionCode: HULI_STREET, masked: false },
    });
    expect(await node.count("pes_outbox")).toBe(outbox);
    const [kept] = await node.rows<{
      from_division_code: string;
      to_division_code: string;
      staff_id: string;
    }>(
      `select from_division_code, to_division_code, staff_id from person_transfers where person_id = '${personId}'`,
    );
    expect(kept).toEqual({
      from_division_code: SIMING_COMMUNITY,
      to_division_code: HULI_STREET,
      staff_id: node.staff.huliSupervisor.staffId,
    });
    const audited = await auditOf(node.staff.huliSupervisor.staffId);
    expect(audited).toContainEqual({
      action: "transfer",
      entity: "person-transfer",
      person_id: personId,
      purpose: "常住地变更：已迁居湖里区，见居住证",
    });
    // The registration follows the person: 湖里 reads it, 思明 no longer does.
    const path = `/v1/unemployment-registrations/${registration!.id}`;
    expect((await node.get(path, node.staff.huliClerk)).status).toBe(200);
    expect((await node.get(path, node.staff.simingClerk)).status).toBe(404);
    // …and the 思明 service point's 131 list no longer names them.
    const point = await node.get(
      "/v1/commitment-131/service-points/sp-siming-01",
      node.staff.simingSupervisor,
    );
    expect((point.body.persons as { person: { id: string } }[]).map((p) => p.person.id)).not.toContain(
      personId,
    );
  });

  it("refuses a clerk of the receiving area and the sending area's supervisor (403), changing nothing", async () => {
    const id = idNumber();
    const personId = await node.registeredUnemployed(id);
    const before = await node.counts(TABLES);
    const byClerk = await transfer(id, HULI_STREET, node.staff.huliClerk);
    expect(byClerk.status).toBe(403);
    const bySender = await transfer(id, HULI_STREET, node.staff.simingSupervisor);
    expect(bySender.status).toBe(403);
    expect(bySender.body.type).toBe("urn:pes:problem:transfer-into-your-area-only");
    const noReason = await node.post(
      "/v1/person-transfers",
      { idNumber: id, toDivisionCode: HULI_STREET },
      node.staff.huliSupervisor,
    );
    expect(noReason.status).toBe(400);
    expect(await node.counts(TABLES)).toEqual(before);
    const person = await node.get(`/v1/persons/${personId}/key-groups`, node.staff.simingClerk);
    expect((person.body.person as Person).divisionCode).toBe(SIMING_COMMUNITY);
    // The refusals are audited.
    expect((await auditOf(node.staff.huliClerk.staffId)).map((a) => a.action)).toContain("deny");
    expect((await auditOf(node.staff.simingSupervisor.staffId)).map((a) => a.action)).toContain("deny");
  });

  it("answers 404 for a person the node does not know, and 409 for a move to where they are", async () => {
    expect((await transfer(idNumber(), HULI_STREET, node.staff.huliSupervisor)).status).toBe(404);
    expect((await transfer(huli.idNumber, HULI_STREET, node.staff.huliSupervisor)).status).toBe(409);
  });
});

describe("only the registrations that own identity update a person, and never their area", () => {
  it("a service, training or rating record leaves name, phone and division as stored, even within the area", async () => {
    const id = idNumber();
    const personId = await node.registeredUnemployed(id);
    const renamed = { idNumber: id, name: "王五", phone: "13911112222", divisionCode: "350203001002" };
    for (const [path, body] of [
      ["/v1/service-records", bodies.service(renamed)],
      ["/v1/training-records", bodies.training(renamed)],
      ["/v1/ratings", bodies.rating(renamed)],
      ["/v1/key-group-memberships", bodies.keyGroup(renamed)],
    ] as const) {
      const res = await node.post(path, body);
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(201);
      expect(res.body.person, path).toMatchObject({
        id: personId,
        name: "陈明",
        phone: "13800001234",
        divisionCode: SIMING_COMMUNITY,
      });
    }
    const read = await node.get(`/v1/persons/${personId}/key-groups`);
    expect(read.body.person).toMatchObject({
      name: "陈明",
      phone: "13800001234",
      divisionCode: SIMING_COMMUNITY,
    });
  });

  it("a registration within the area brings name and phone up to date but keeps the area, whatever address it gives", async () => {
    const id = idNumber();
    const personId = await node.registeredUnemployed(id);
    const res = await node.post(
      "/v1/employment-registrations",
      employmentBody({ idNumber: id, name: "陈明明", phone: "13922223333", divisionCode: HULI_STREET }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const read = await node.get(`/v1/persons/${personId}/key-groups`);
    expect(read.body.person).toMatchObject({
      name: "陈明明",
      phone: "13922223333",
      divisionCode: SIMING_COMMUNITY,
    });
    const [published] = await node.rows<{ district_code: string | null }>(
      `select data->>'districtCode' as district_code from employment_registrations where id = '${res.body.id}'`,
    );
    expect(published!.district_code).toBe("350203");
  });

  it("masks the person in a write's answer unless the caller does case work", async () => {
    const id = idNumber();
    await node.registeredUnemployed(id);
    const res = await node.post("/v1/service-records", bodies.service(personBlock(id)), node.staff.admin);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.person).toMatchObject({ masked: true, phone: "138****1234" });
    expect(JSON.stringify(res.body)).not.toContain(id);
  });
});
