import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { application, bodies, idNumber, type LedgerNode, ledgerNode, personBlock } from "./support/index.js";

let node: LedgerNode;
beforeAll(async () => {
  node = await ledgerNode("ledgerkg");
});
afterAll(async () => node?.close());

describe("key-group ledgers (重点群体实名台账)", () => {
  it("adds a graduate to the college-graduate ledger, publishes the line and lists it on the person", async () => {
    const id = idNumber("2003-05-01");
    let res!: Awaited<ReturnType<LedgerNode["post"]>>;
    const rows = await node.published(async () => {
      res = await node.post("/v1/key-group-memberships", bodies.keyGroup(personBlock(id)));
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      group: "college-graduate",
      startedOn: "2025-07-01",
      endedOn: null,
      source: "education-department",
      graduatedOn: "2025-06-30",
      servicePointId: "sp-siming-01",
    });
    expect(rows.map((r) => [r.topic, r.headers.ce_type])).toEqual([
      ["pes.city.350200.person", "cn.gov.fj.pes.key-group-membership.v1"],
    ]);
    expect(rows[0]!.message_key).toBe((res.body.person as { personKey: string }).personKey);

    const personId = (res.body.person as { id: string }).id;
    const list = await node.get(`/v1/persons/${personId}/key-groups`);
    expect(list.status).toBe(200);
    expect(list.body.memberships).toEqual([
      expect.objectContaining({ id: res.body.id, group: "college-graduate" }),
    ]);
    expect(list.body.person).toMatchObject({ idNumber: id, masked: false });
    const reads = await node.rows(
      `select 1 from audit_log where entity = 'key-groups' and person_id = '${personId}'`,
    );
    expect(reads).toHaveLength(1);
  });

  it("shows the groups a person is in by another record: an open unemployment registration", async () => {
    const id = idNumber();
    const applied = await node.post("/v1/unemployment-registrations", application(id));
    const personId = (applied.body.person as { id: string }).id;
    const list = await node.get(`/v1/persons/${personId}/key-groups`);
    expect(list.body.fromRecords).toEqual([
      { group: "registered-unemployed", recordId: applied.body.id, state: "applied", since: null },
    ]);
  });

  it("refuses an overlapping period of the same group (409) and writes nothing", async () => {
    const person = personBlock(idNumber("2002-01-01"));
    expect((await node.post("/v1/key-group-memberships", bodies.keyGroup(person))).status).toBe(201);
    const before = await node.counts(["pes_outbox", "key_group_memberships"]);
    const again = await node.post("/v1/key-group-memberships", {
      ...bodies.keyGroup(person),
      startedOn: "2025-09-01",
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: "urn:pes:problem:key-group-overlap" });
    expect(await node.counts(["pes_outbox", "key_group_memberships"])).toEqual(before);
  });

  it("keeps groups with their own records out of the hand-typed ledger, and needs a graduate's leaving date and service point", async () => {
    const workflow = await node.post("/v1/key-group-memberships", {
      ...bodies.keyGroup(),
      group: "employment-difficulty",
      source: "recognition",
    });
    expect(workflow.status).toBe(422);
    expect(workflow.body.errors!.map((e) => e.path)).toEqual(["group"]);

    const { graduatedOn: _, servicePointId: __, ...graduate } = bodies.keyGroup();
    const res = await node.post("/v1/key-group-memberships", graduate);
    expect(res.status).toBe(422);
    expect(res.body.errors!.map((e) => e.path)).toEqual(["graduatedOn", "servicePointId"]);
  });

  it("records a veteran with an end date, and refuses an end before the start (400, endedOn)", async () => {
    const veteran = {
      ...bodies.keyGroup(),
      group: "veteran",
      source: "veterans-affairs",
      graduatedOn: undefined,
    };
    const ok = await node.post("/v1/key-group-memberships", { ...veteran, endedOn: "2025-12-31" });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ group: "veteran", endedOn: "2025-12-31" });
    const bad = await node.post("/v1/key-group-memberships", { ...veteran, endedOn: "2025-01-01" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors!.map((e) => e.path)).toContain("endedOn");
  });

  it("answers 404 for an unknown person", async () => {
    const res = await node.get("/v1/persons/00000000-0000-4000-8000-000000000999/key-groups");
    expect(res.status).toBe(404);
  });
});

describe("employment-difficulty recognition (就业困难人员认定)", () => {
  it("takes the application of a registered unemployed person, linked to their registration", async () => {
    const id = idNumber();
    await node.registeredUnemployed(id);
    let res!: Awaited<ReturnType<LedgerNode["post"]>>;
    const rows = await node.published(async () => {
      res = await node.post("/v1/difficulty-recognitions", bodies.difficulty(personBlock(id)));
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      state: "applied",
      categories: ["long-unemployment"],
      appliedOn: "2025-10-10",
      servicePointId: "sp-siming-01",
    });
    expect(res.body.unemploymentRegistrationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(rows.map((r) => r.headers.ce_type)).toEqual(["cn.gov.fj.pes.difficulty-recognition.v1"]);
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({ state: "applied", person: { idNumber: id } });
  });

  it("refuses a person who is not registered unemployed (422) and writes nothing", async () => {
    const merelyApplied = idNumber();
    await node.post("/v1/unemployment-registrations", application(merelyApplied));
    for (const id of [idNumber(), merelyApplied]) {
      const before = await node.counts(["pes_outbox", "difficulty_recognitions", "persons"]);
      const res = await node.post("/v1/difficulty-recognitions", bodies.difficulty(personBlock(id)));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ type: "urn:pes:problem:not-registered-unemployed" });
      expect(res.body.errors!.map((e) => e.path)).toEqual(["person.idNumber"]);
      expect(await node.counts(["pes_outbox", "difficulty_recognitions", "persons"])).toEqual(before);
    }
  });

  it("refuses a second application while the first waits for its decision (409)", async () => {
    const id = idNumber();
    await node.registeredUnemployed(id);
    expect((await node.post("/v1/difficulty-recognitions", bodies.difficulty(personBlock(id)))).status).toBe(
      201,
    );
    const again = await node.post("/v1/difficulty-recognitions", bodies.difficulty(personBlock(id)));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: "urn:pes:problem:difficulty-application-pending" });
  });

  it("recognises (supervisor), enters the person in the employment-difficulty ledger, and refuses to decide twice (409)", async () => {
    const id = idNumber();
    const personId = await node.registeredUnemployed(id);
    const applied = await node.post("/v1/difficulty-recognitions", bodies.difficulty(personBlock(id)));
    const decide = `/v1/difficulty-recognitions/${applied.body.id}/decide`;

    let res!: Awaited<ReturnType<LedgerNode["post"]>>;
    const rows = await node.published(async () => {
      res = await node.post(
        decide,
        { decision: "recognise", decidedOn: "2025-10-15", validUntil: "2027-10-14" },
        node.staff.simingSupervisor,
      );
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      state: "recognised",
      decidedOn: "2025-10-15",
      validUntil: "2027-10-14",
      revision: 2,
    });
    expect(rows.map((r) => r.headers.ce_type)).toEqual([
      "cn.gov.fj.pes.difficulty-recognition.v1",
      "cn.gov.fj.pes.key-group-membership.v1",
    ]);
    expect(JSON.parse(rows[1]!.payload)).toMatchObject({
      group: "employment-difficulty",
      source: "recognition",
      startedOn: "2025-10-15",
      endedOn: "2027-10-14",
    });
    const groups = await node.get(`/v1/persons/${personId}/key-groups`);
    expect(groups.body.memberships).toEqual([expect.objectContaining({ group: "employment-difficulty" })]);

    const before = await node.counts(["pes_outbox", "key_group_memberships"]);
    const twice = await node.post(
      decide,
      { decision: "refuse", reason: "材料不全" },
      node.staff.simingSupervisor,
    );
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ type: "urn:pes:problem:illegal-transition" });
    expect(await node.counts(["pes_outbox", "key_group_memberships"])).toEqual(before);

    const reapply = await node.post("/v1/difficulty-recognitions", {
      ...bodies.difficulty(personBlock(id)),
      appliedOn: "2025-11-01",
    });
    expect(reapply.status).toBe(409);
    expect(reapply.body).toMatchObject({ type: "urn:pes:problem:already-recognised" });
  });

  it("refuses with the reason, which a refusal cannot do without (400, reason)", async () => {
    const id = idNumber();
    await node.registeredUnemployed(id);
    const applied = await node.post("/v1/difficulty-recognitions", bodies.difficulty(personBlock(id)));
    const decide = `/v1/difficulty-recognitions/${applied.body.id}/decide`;
    const bare = await node.post(decide, { decision: "refuse" }, node.staff.simingSupervisor);
    expect(bare.status).toBe(400);
    expect(bare.body.errors!.map((e) => e.path)).toEqual(["reason"]);
    const res = await node.post(
      decide,
      { decision: "refuse", reason: "不符合认定条件", decidedOn: "2025-10-16" },
      node.staff.simingSupervisor,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      state: "refused",
      refusalReason: "不符合认定条件",
      decidedOn: "2025-10-16",
    });
  });

  it("leaves the decision to supervisors (a clerk gets 403) and answers 404 for an unknown application", async () => {
    const id = idNumber();
    await node.registeredUnemployed(id);
    const applied = await node.post("/v1/difficulty-recognitions", bodies.difficulty(personBlock(id)));
    const clerk = await node.post(`/v1/difficulty-recognitions/${applied.body.id}/decide`, {
      decision: "recognise",
    });
    expect(clerk.status).toBe(403);
    const unknown = await node.post(
      "/v1/difficulty-recognitions/00000000-0000-4000-8000-000000000999/decide",
      { decision: "recognise" },
      node.staff.simingSupervisor,
    );
    expect(unknown.status).toBe(404);
  });
});
