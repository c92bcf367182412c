import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  application,
  bodies,
  employmentBody,
  idNumber,
  type LedgerNode,
  ledgerNode,
  personBlock,
} from "./support/index.js";

// Issue 17 #2: records that change over their life are revised in place (PUT /v1/<records>/{id}, or a
// POST with the same sourceRecordId), published as the next revision of the same record.

let node: LedgerNode;
beforeAll(async () => {
  node = await ledgerNode("intakerev");
});
afterAll(async () => node?.close());

const LEDGERS = [
  "unemployment_registrations",
  "employment_registrations",
  "job_seeker_registrations",
  "key_group_memberships",
  "training_records",
  "intake_records",
  "pes_outbox",
] as const;
const counts = () => node.counts(LEDGERS);
const publishedAbout = async (id: string) =>
  (await node.outbox()).map((r) => JSON.parse(r.payload)).filter((p) => p.id === id);

const enrolled = (person = personBlock()) => ({
  person,
  kind: "employment-skills",
  course: "电工（中级）",
  stage: "enrolled",
  enrolledOn: "2025-04-01",
  subsidised: true,
});

/** PUT that must be refused with `status` at `path`, writing nothing. */
async function refused(
  url: string,
  body: unknown,
  status: number,
  path?: string,
  headers: Record<string, string> = {},
) {
  const before = await counts();
  const res = await node.put(url, body, undefined, headers);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/problem\+json/);
  if (path) expect(res.body.errors!.map((e) => e.path)).toContain(path);
  expect(await counts()).toEqual(before);
  return res;
}

describe("training revisions (培训记录: enrolled → completed → certified)", () => {
  it("revises a training by id to completed, then certified, each a new revision published", async () => {
    const person = personBlock(idNumber());
    const created = await node.post("/v1/training-records", enrolled(person));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get("etag")).toBe('"1"');
    const id = String(created.body.id);
    const url = `/v1/training-records/${id}`;

    let completed!: Awaited<ReturnType<LedgerNode["put"]>>;
    const rows = await node.published(async () => {
      completed = await node.put(url, {
        ...enrolled(person),
        stage: "completed",
        completedOn: "2025-05-31",
        passed: true,
      });
    });
    expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    expect(completed.headers.get("etag")).toBe('"2"');
    expect(completed.body).toMatchObject({ id, revision: 2, stage: "completed", certificate: false });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.topic).toBe("pes.city.350200.person");
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({ id, revision: 2, stage: "completed" });

    const certified = await node.put(url, bodies.training(person), undefined, { "if-match": '"2"' });
    expect(certified.status, JSON.stringify(certified.body)).toBe(200);
    expect(certified.body).toMatchObject({ id, revision: 3, certificate: true });
    expect((await publishedAbout(id)).map((p) => [p.revision, p.stage, p.certificate?.type])).toEqual([
      [1, "enrolled", undefined],
      [2, "completed", undefined],
      [3, "completed", "skill-level"],
    ]);
    // One record all along.
    expect(await node.rows(`select 1 from training_records where id = '${id}'`)).toHaveLength(1);

    // The same content again: nothing written, nothing published.
    const same = await node.published(async () => {
      const res = await node.put(url, bodies.training(person));
      expect(res.status).toBe(200);
      expect(res.headers.get("idempotent-replayed")).toBe("true");
      expect(res.body).toMatchObject({ revision: 3 });
    });
    expect(same).toHaveLength(0);

    const stale = await refused(
      url,
      { ...bodies.training(person), course: "电工（高级）" },
      409,
      "If-Match",
      {
        "if-match": '"2"',
      },
    );
    expect(stale.body.type).toBe("urn:pes:problem:revision-conflict");
  });

  it("answers 409 to a stale If-Match and 400 to one that names no revision, writing nothing", async () => {
    const person = personBlock();
    const created = await node.post("/v1/training-records", enrolled(person));
    const url = `/v1/training-records/${created.body.id}`;
    const before = await counts();
    const stale = await node.put(url, { ...enrolled(person), course: "焊工" }, undefined, {
      "if-match": '"7"',
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: "urn:pes:problem:revision-conflict" });
    const garbage = await node.put(url, { ...enrolled(person), course: "焊工" }, undefined, {
      "if-match": "*x",
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body.errors).toEqual([{ path: "if-match", in: "header", message: expect.any(String) }]);
    expect(await counts()).toEqual(before);
    const weak = await node.put(url, { ...enrolled(person), course: "焊工" }, undefined, {
      "if-match": 'W/"1"',
    });
    expect(weak.status, JSON.stringify(weak.body)).toBe(200);
  });

  it("runs a training's life forward only (422 at stage, at certificate)", async () => {
    const person = personBlock();
    const created = await node.post("/v1/training-records", bodies.training(person));
    const url = `/v1/training-records/${created.body.id}`;
    await refused(url, enrolled(person), 422, "stage");
    const { certificate: _, ...uncertified } = bodies.training(person);
    await refused(url, uncertified, 422, "certificate");
    await refused(
      url,
      { ...uncertified, stage: "dropped-out", passed: undefined, subsidyFen: undefined },
      422,
      "stage",
    );
  });

  it("keeps a record with its person (422 at person.idNumber) and refuses bad input with field paths (400)", async () => {
    const person = personBlock();
    const created = await node.post("/v1/training-records", enrolled(person));
    const url = `/v1/training-records/${created.body.id}`;
    await refused(url, enrolled(personBlock()), 422, "person.idNumber");
    const bad = await refused(url, { ...enrolled(person), stage: "finished", enrolledOn: "2025-02-30" }, 400);
    expect(bad.body.errors!.map((e) => e.path).sort()).toEqual(["enrolledOn", "stage"]);
    // The contract's own rules are the same 400s as at creation.
    const early = await refused(
      url,
      { ...enrolled(person), stage: "completed", completedOn: "2025-03-01" },
      400,
    );
    expect(early.body.errors!.map((e) => e.path)).toEqual(["completedOn"]);
  });

  it("answers 404 to an unknown id, and to a record outside the caller's area (audited as deny)", async () => {
    await refused(`/v1/training-records/${crypto.randomUUID()}`, enrolled(), 404);
    const person = personBlock();
    const created = await node.post("/v1/training-records", enrolled(person));
    const before = await counts();
    const huli = await node.put(
      `/v1/training-records/${created.body.id}`,
      enrolled(person),
      node.staff.huliClerk,
    );
    expect(huli.status).toBe(404);
    expect(huli.body.type).toBe("urn:pes:problem:training-record-not-found");
    expect(await counts()).toEqual(before);
    const [denied] = await node.rows<{ action: string; entity_id: string; staff_id: string }>(
      "select action, entity_id, staff_id from audit_log order by id desc limit 1",
    );
    expect(denied).toEqual({
      action: "deny",
      entity_id: created.body.id,
      staff_id: node.staff.huliClerk.staffId,
    });
  });

  it("takes a source id on PUT once, and answers its POST as the same record; another source id is refused", async () => {
    const person = personBlock();
    const created = await node.post("/v1/training-records", enrolled(person));
    const url = `/v1/training-records/${created.body.id}`;
    const completedBody = {
      ...enrolled(person),
      stage: "completed",
      completedOn: "2025-05-31",
      sourceRecordId: "XM-PX-9",
    };
    const put = await node.put(url, completedBody);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ revision: 2 });
    const post = await node.post("/v1/training-records", completedBody);
    expect(post.status).toBe(200);
    expect(post.headers.get("idempotent-replayed")).toBe("true");
    expect(post.body).toMatchObject({ id: created.body.id, revision: 2 });
    await refused(url, { ...completedBody, sourceRecordId: "XM-PX-10" }, 422, "sourceRecordId");
    // Another record cannot take a source id that is this one's.
    const other = await node.post("/v1/training-records", enrolled(person));
    await refused(
      `/v1/training-records/${other.body.id}`,
      { ...enrolled(person), sourceRecordId: "XM-PX-9" },
      409,
      "sourceRecordId",
    );
  });
});

describe("employment revisions (就业登记: the job ended)", () => {
  it("records the end of a job as revision 2; an end once recorded stays", async () => {
    const person = personBlock();
    const created = await node.post("/v1/employment-registrations", employmentBody(person));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const url = `/v1/employment-registrations/${created.body.id}`;
    const ended = await node.put(url, { ...employmentBody(person), endedOn: "2025-12-31" });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body).toMatchObject({ id: created.body.id, revision: 2, endedOn: "2025-12-31" });
    expect((await publishedAbout(String(created.body.id))).map((p) => [p.revision, p.endedOn])).toEqual([
      [1, undefined],
      [2, "2025-12-31"],
    ]);
    await refused(url, employmentBody(person), 422, "endedOn");
    await refused(url, { ...employmentBody(person), endedOn: "2025-10-01" }, 400, "endedOn");
    // Working age on startedOn, as at creation.
    await refused(
      url,
      { ...employmentBody(person, "1990-01-01"), endedOn: "2025-12-31" },
      422,
      "person.idNumber",
    );
  });
});

describe("key-group revisions (重点群体台账: the person left)", () => {
  it("ends a ledger line as revision 2; the group stays and an ended line is not reopened", async () => {
    const person = personBlock();
    const created = await node.post("/v1/key-group-memberships", bodies.keyGroup(person));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const url = `/v1/key-group-memberships/${created.body.id}`;
    const left = await node.put(url, { ...bodies.keyGroup(person), endedOn: "2025-12-31" });
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    expect(left.body).toMatchObject({ revision: 2, endedOn: "2025-12-31", group: "college-graduate" });
    await refused(url, bodies.keyGroup(person), 422, "endedOn");
    await refused(url, { ...bodies.keyGroup(person), endedOn: "2025-12-31", group: "veteran" }, 422, "group");
    // A new period of the group is a new line, and it may not overlap the ended one.
    const again = await node.post("/v1/key-group-memberships", {
      ...bodies.keyGroup(person),
      startedOn: "2026-01-05",
    });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    await refused(url, { ...bodies.keyGroup(person), endedOn: "2026-02-01" }, 409, "startedOn");
  });
});

describe("unemployment registration revisions (失业登记: applied → registered → closed)", () => {
  it("registers and closes a registration by PUT, each a revision; a closed one stays closed", async () => {
    const id = idNumber();
    const created = await node.post("/v1/unemployment-registrations", application(id));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const url = `/v1/unemployment-registrations/${created.body.id}`;
    const registered = await node.put(url, { ...application(id), registeredOn: "2025-10-09" });
    expect(registered.status, JSON.stringify(registered.body)).toBe(200);
    expect(registered.body).toMatchObject({ revision: 2, state: "registered", registeredOn: "2025-10-09" });
    await refused(url, application(id), 422, "registeredOn");
    await refused(
      url,
      { ...application(id), appliedOn: "2025-09-25", registeredOn: "2025-10-09" },
      422,
      "appliedOn",
    );
    await refused(
      url,
      { ...application(id), registeredOn: "2025-10-09", currentlyEmployed: true },
      422,
      "currentlyEmployed",
    );

    const closed = await node.put(url, {
      ...application(id),
      registeredOn: "2025-10-09",
      closeReason: "employed",
      closedOn: "2025-11-03",
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({
      revision: 3,
      state: "closed",
      closeReason: "employed",
      closedOn: "2025-11-03",
    });
    expect((await publishedAbout(String(created.body.id))).map((p) => [p.revision, p.state])).toEqual([
      [1, "applied"],
      [2, "registered"],
      [3, "closed"],
    ]);
    await refused(url, { ...application(id), registeredOn: "2025-10-09" }, 422, "closeReason");
    await refused(
      url,
      { ...application(id), registeredOn: "2025-10-09", closeReason: "employed", closedOn: "2025-11-04" },
      422,
      "closedOn",
    );
  });

  it("takes a city system's registration as it stands (registered and closed): one record, one revision", async () => {
    const id = idNumber();
    let res!: Awaited<ReturnType<LedgerNode["post"]>>;
    const rows = await node.published(async () => {
      res = await node.post("/v1/unemployment-registrations", {
        ...application(id),
        sourceRecordId: "XM-SY-1",
        registeredOn: "2025-09-30",
        closeReason: "moved-away",
        closedOn: "2025-10-31",
        closeNote: "迁出本市",
      });
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      revision: 1,
      state: "closed",
      registeredOn: "2025-09-30",
      closeReason: "moved-away",
    });
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({
      revision: 1,
      state: "closed",
      closeNote: "迁出本市",
    });
    // An application cannot close as moved before it was registered; 400 when the closure has no reason.
    const before = await counts();
    const early = await node.post("/v1/unemployment-registrations", {
      ...application(idNumber()),
      closeReason: "moved-away",
      closedOn: "2025-10-31",
    });
    expect(early.status).toBe(422);
    expect(early.body.errors!.map((e) => e.path)).toEqual(["closeReason"]);
    const reasonless = await node.post("/v1/unemployment-registrations", {
      ...application(idNumber()),
      closedOn: "2025-10-31",
    });
    expect(reasonless.status).toBe(400);
    expect(reasonless.body.errors!.map((e) => e.path)).toEqual(["closeReason"]);
    expect(await counts()).toEqual(before);
  });
});

describe("job-seeker revisions (求职登记: closed)", () => {
  it("closes a registration by PUT; a closed one is not reopened, and a new one may then be registered", async () => {
    const person = personBlock();
    const created = await node.post("/v1/job-seeker-registrations", bodies.jobSeeker(person));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const url = `/v1/job-seeker-registrations/${created.body.id}`;
    const closed = await node.put(url, { ...bodies.jobSeeker(person), state: "closed" });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({ revision: 2, state: "closed" });
    await refused(url, bodies.jobSeeker(person), 422, "state");
    const again = await node.post("/v1/job-seeker-registrations", bodies.jobSeeker(person));
    expect(again.status, JSON.stringify(again.body)).toBe(201);
  });
});
