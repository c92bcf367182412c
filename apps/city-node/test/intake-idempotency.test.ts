import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INTAKE_KINDS, type IntakeKindName } from "../src/use-cases/intake/index.js";
import {
  application,
  bodies,
  employmentBody,
  idNumber,
  type LedgerNode,
  ledgerNode,
  type Principal,
  personBlock,
} from "./support/index.js";

// Issue 17 #1: every record the node takes accepts the city system's own id (sourceRecordId) and every
// POST an Idempotency-Key, so a city system's retry never doubles a record.

let node: LedgerNode;
beforeAll(async () => {
  node = await ledgerNode("intakeidem");
});
afterAll(async () => node?.close());

/** Every table a POST of the node may write to. */
const TABLES = [
  "persons",
  "unemployment_registrations",
  "employment_registrations",
  "job_seeker_registrations",
  "vacancy_registrations",
  "enterprise_layoff_reports",
  "key_group_memberships",
  "difficulty_recognitions",
  "zero_employment_families",
  "zero_employment_family_members",
  "person_transfers",
  "service_records",
  "training_records",
  "service_ratings",
  "staff",
  "api_tokens",
  "intake_records",
  "audit_log",
  "pes_outbox",
] as const;

interface KindCase {
  path: string;
  who?: () => Principal;
  /** A valid body of a new record (after whatever the record needs first). */
  body: () => Promise<Record<string, unknown>>;
  /** The same record with a change its life allows. */
  changed: (body: Record<string, unknown>) => Record<string, unknown>;
}

/** The people of 思明 a transfer moves to 湖里: known to the node first, by a service record. */
async function knownPerson(): Promise<string> {
  const id = idNumber();
  const res = await node.post("/v1/service-records", bodies.service(personBlock(id)));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return id;
}

const CASES: Record<IntakeKindName, KindCase> = {
  "unemployment-registration": {
    path: "/v1/unemployment-registrations",
    body: async () => application(idNumber()),
    changed: (b) => ({ ...b, registeredOn: "2025-10-09" }),
  },
  "employment-registration": {
    path: "/v1/employment-registrations",
    body: async () => employmentBody(personBlock()),
    changed: (b) => ({ ...b, endedOn: "2025-12-31" }),
  },
  "job-seeker-registration": {
    path: "/v1/job-seeker-registrations",
    body: async () => bodies.jobSeeker(),
    changed: (b) => ({ ...b, state: "closed" }),
  },
  "vacancy-registration": {
    path: "/v1/vacancy-registrations",
    body: async () => bodies.vacancy(),
    changed: (b) => ({ ...b, status: "closed" }),
  },
  "enterprise-layoff-report": {
    path: "/v1/enterprise-layoff-reports",
    body: async () => bodies.layoffReport(),
    changed: (b) => ({ ...b, persons: 30 }),
  },
  "key-group-membership": {
    path: "/v1/key-group-memberships",
    body: async () => bodies.keyGroup(),
    changed: (b) => ({ ...b, endedOn: "2025-12-31" }),
  },
  "difficulty-recognition": {
    path: "/v1/difficulty-recognitions",
    body: async () => {
      const id = idNumber();
      await node.registeredUnemployed(id);
      return bodies.difficulty(personBlock(id));
    },
    changed: (b) => ({ ...b, categories: ["long-unemployment", "skills"] }),
  },
  "zero-employment-family": {
    path: "/v1/zero-employment-families",
    body: async () => bodies.family(),
    changed: (b) => ({ ...b, householdAddress: "思明区某路1号" }),
  },
  "person-transfer": {
    path: "/v1/person-transfers",
    who: () => node.staff.huliSupervisor,
    body: async () => ({ idNumber: await knownPerson(), toDivisionCode: "350206001", reason: "常住地变更" }),
    changed: (b) => ({ ...b, reason: "常住地变更（居住证）" }),
  },
  "service-record": {
    path: "/v1/service-records",
    body: async () => bodies.service(),
    changed: (b) => ({ ...b, channel: "phone" }),
  },
  "training-record": {
    path: "/v1/training-records",
    body: async () => ({
      person: personBlock(),
      kind: "employment-skills",
      course: "电工（中级）",
      stage: "enrolled",
      enrolledOn: "2025-04-01",
      subsidised: true,
    }),
    changed: (b) => ({ ...b, stage: "completed", completedOn: "2025-05-31", passed: true }),
  },
  "service-rating": {
    path: "/v1/ratings",
    body: async () => bodies.rating(),
    changed: (b) => ({ ...b, rating: { scale: "five-point", score: 4 } }),
  },
};

const counts = () => node.counts(TABLES);
/** The outbox rows about record `id`, opened as the province opens them. */
const publishedAbout = async (id: string) =>
  (await node.outbox()).map((r) => JSON.parse(r.payload)).filter((p) => p.id === id);

describe("sourceRecordId: the city system's own id of a record", () => {
  it("is taken by every kind of the intake (the registry and the routes agree)", () => {
    expect(Object.keys(CASES).sort()).toEqual([...INTAKE_KINDS].sort());
  });

  it.each(INTAKE_KINDS)("%s: the same id and content is a no-op; other content revision 2", async (kind) => {
    const c = CASES[kind];
    const who = c.who?.() ?? node.staff.simingClerk;
    const body = { ...(await c.body()), sourceRecordId: `XM-${kind}-1` };
    const first = await node.post(c.path, body, who);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.headers.get("etag")).toBe('"1"');
    expect(first.headers.get("location")).toBe(`${c.path}/${first.body.id}`);
    const id = String(first.body.id);
    const before = await counts();

    // Sent again, with its fields in another order: nothing written, nothing published, the record answered.
    const again = await node.post(c.path, Object.fromEntries(Object.entries(body).reverse()), who);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    const { audit_log: auditAfter, ...after } = await counts();
    const { audit_log: auditBefore, ...unchanged } = before;
    expect(after).toEqual(unchanged);
    // The answer shows the person again: a read, audited; nothing else.
    expect(auditAfter! - auditBefore!).toBeLessThanOrEqual(1);

    const revised = await node.post(c.path, c.changed(body), who);
    if (kind === "person-transfer") {
      // A transfer happened: it is never revised, and its source id is not reused for another.
      expect(revised.status).toBe(422);
      expect(revised.body.errors!.map((e) => e.path)).toEqual(["sourceRecordId"]);
      const { audit_log: _a, ...refused } = await counts();
      expect(refused).toEqual(unchanged);
      return;
    }
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    expect(revised.headers.get("idempotent-replayed")).toBeNull();
    expect(revised.headers.get("etag")).toBe('"2"');
    expect(revised.body).toMatchObject({ id, revision: 2 });
    const published = await publishedAbout(id);
    expect(published.map((p) => p.revision)).toEqual([1, 2]);
    // The same record: no new row in any ledger, one more outbox row.
    const { pes_outbox, audit_log: _b, ...ledgers } = await counts();
    expect(ledgers).toEqual((({ pes_outbox: _o, ...l }) => l)(unchanged));
    expect(pes_outbox).toBe(unchanged.pes_outbox! + 1);

    // The revision's content sent again is the no-op now.
    const replayed = await node.post(c.path, c.changed(body), who);
    expect(replayed.status).toBe(200);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(replayed.body).toMatchObject({ id, revision: 2 });
    expect(await publishedAbout(id)).toHaveLength(2);
  });

  it("answers a content the record held before (a history sent again) unchanged, publishing nothing", async () => {
    const enrolled = {
      ...bodies.training(),
      stage: "enrolled",
      passed: undefined,
      completedOn: undefined,
      subsidyFen: undefined,
      certificate: undefined,
      sourceRecordId: "XM-HIST-1",
    };
    const first = await node.post("/v1/training-records", enrolled);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const completed = { ...bodies.training(), person: enrolled.person, sourceRecordId: "XM-HIST-1" };
    expect((await node.post("/v1/training-records", completed)).status).toBe(200);
    const before = await counts();
    for (const body of [enrolled, completed]) {
      const again = await node.post("/v1/training-records", body);
      expect(again.status).toBe(200);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(again.headers.get("etag")).toBe('"2"');
    }
    const { audit_log: _a, ...after } = await counts();
    const { audit_log: _b, ...was } = before;
    expect(after).toEqual(was);
    // By id, the earlier content is a revision like any other: a completed training is not enrolled again.
    const put = await node.put(`/v1/training-records/${first.body.id}`, enrolled);
    expect(put.status).toBe(422);
  });

  it("keeps source ids per kind: the same id in another kind is another record", async () => {
    const service = await node.post("/v1/service-records", {
      ...bodies.service(),
      sourceRecordId: "XM-SHARED-1",
    });
    const rating = await node.post("/v1/ratings", { ...bodies.rating(), sourceRecordId: "XM-SHARED-1" });
    expect([service.status, rating.status]).toEqual([201, 201]);
  });

  it("creates one record when two requests bring a new source id at once", async () => {
    const body = { ...bodies.service(), sourceRecordId: "XM-RACE-1" };
    const answers = await Promise.all([1, 2, 3].map(() => node.post("/v1/service-records", body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await node.rows(`select 1 from intake_records where source_record_id = 'XM-RACE-1'`)).toHaveLength(
      1,
    );
    expect(await publishedAbout(String(answers[0]!.body.id))).toHaveLength(1);
  });

  it("refuses a source id of a record outside the caller's area as if it did not exist (404), changing nothing", async () => {
    const body = { ...bodies.service(), sourceRecordId: "XM-AREA-1" };
    expect((await node.post("/v1/service-records", body)).status).toBe(201);
    const before = await counts();
    const huli = await node.post("/v1/service-records", { ...body, channel: "phone" }, node.staff.huliClerk);
    expect(huli.status).toBe(404);
    expect(huli.headers.get("content-type")).toMatch(/problem\+json/);
    const { audit_log, ...after } = await counts();
    expect(after).toEqual((({ audit_log: _a, ...rest }) => rest)(before));
    expect(audit_log).toBe(before.audit_log! + 1);
    const [denied] = await node.rows<{ action: string; staff_id: string }>(
      "select action, staff_id from audit_log order by id desc limit 1",
    );
    expect(denied).toEqual({ action: "deny", staff_id: node.staff.huliClerk.staffId });
  });

  it.each([
    ["an empty source id", ""],
    ["one over 100 characters", "s".repeat(101)],
    ["one with a control character", "XM\u0001"],
  ])("answers 400 at sourceRecordId to %s, writing nothing", async (_, sourceRecordId) => {
    const before = await counts();
    const res = await node.post("/v1/training-records", { ...bodies.training(), sourceRecordId });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    expect(res.body.errors!.map((e) => e.path)).toContain("sourceRecordId");
    expect(await counts()).toEqual(before);
  });
});

describe("Idempotency-Key on every POST", () => {
  /** A valid request of every POST operation, made fresh for each call (a record first, where it needs one). */
  const REQUESTS: Record<string, () => Promise<{ path: string; body: unknown; who?: Principal }>> = {
    "/v1/staff": async () => ({
      path: "/v1/staff",
      body: { name: "新同事", role: "clerk", divisionCode: "350203" },
      who: node.staff.admin,
    }),
    "/v1/staff/{id}/tokens": async () => ({
      path: `/v1/staff/${node.staff.simingClerk.staffId}/tokens`,
      body: { label: "city system" },
      who: node.staff.admin,
    }),
    "/v1/unemployment-registrations/{id}/register": async () => {
      const applied = await node.post("/v1/unemployment-registrations", application(idNumber()));
      return {
        path: `/v1/unemployment-registrations/${applied.body.id}/register`,
        body: { registeredOn: "2025-10-09" },
      };
    },
    "/v1/unemployment-registrations/{id}/close": async () => {
      const applied = await node.post("/v1/unemployment-registrations", application(idNumber()));
      return {
        path: `/v1/unemployment-registrations/${applied.body.id}/close`,
        body: { reason: "withdrawn", closedOn: "2025-10-01" },
      };
    },
    "/v1/difficulty-recognitions/{id}/decide": async () => {
      const id = idNumber();
      await node.registeredUnemployed(id);
      const applied = await node.post("/v1/difficulty-recognitions", bodies.difficulty(personBlock(id)));
      return {
        path: `/v1/difficulty-recognitions/${applied.body.id}/decide`,
        body: { decision: "recognise", decidedOn: "2025-10-20" },
        who: node.staff.simingSupervisor,
      };
    },
  };
  REQUESTS["/v1/batches"] = async () => ({
    path: "/v1/batches",
    body: [
      { kind: "service-record", record: { ...bodies.service(), sourceRecordId: `B-${idNumber()}` } },
      { kind: "training-record", record: bodies.training() },
    ],
  });
  // A file, not a JSON body: its retry is tested with the import jobs (test/imports/jobs.test.ts).
  // A visit from the work list needs the province's notice on the broker: its retry is tested with
  // the work list (test/work-list.test.ts).
  const OWN_TEST = new Set(["/v1/imports", "/v1/work-list/{noticeId}/services"]);
  REQUESTS["/v1/imports"] = async () => ({ path: "/v1/imports", body: null });
  REQUESTS["/v1/work-list/{noticeId}/services"] = async () => ({
    path: "/v1/work-list/-/services",
    body: null,
  });
  for (const [kind, c] of Object.entries(CASES))
    REQUESTS[c.path] = async () => ({
      path: c.path,
      body: await c.body(),
      ...(c.who ? { who: c.who() } : {}),
      kind,
    });

  it("has a request for every POST of /openapi.json", async () => {
    const doc = (await node.get("/openapi.json")).body as { paths: Record<string, Record<string, unknown>> };
    const posts = Object.entries(doc.paths)
      .filter(([, ops]) => "post" in ops)
      .map(([path]) => path);
    expect(posts.length).toBeGreaterThanOrEqual(16);
    expect(posts.sort()).toEqual(Object.keys(REQUESTS).sort());
    // …and documents the header on each.
    for (const path of posts) {
      const params =
        (doc.paths[path]!.post as { parameters?: { name: string; in: string }[] }).parameters ?? [];
      expect(params, path).toContainEqual(expect.objectContaining({ name: "idempotency-key", in: "header" }));
    }
  });

  it.each(Object.keys(REQUESTS).filter((k) => !OWN_TEST.has(k)))(
    "POST %s: a retry with the same key answers the first answer and creates nothing",
    async (template) => {
      const { path, body, who = node.staff.simingClerk } = await REQUESTS[template]!();
      const key = { "idempotency-key": `retry-${template}` };
      const first = await node.post(path, body, who, key);
      expect([200, 201], JSON.stringify(first.body)).toContain(first.status);
      expect(first.headers.get("idempotent-replayed")).toBeNull();
      const before = await counts();
      const again = await node.post(path, body, who, key);
      expect(again.status).toBe(first.status);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(again.body).toEqual(first.body);
      expect(await counts()).toEqual(before);
    },
  );

  it("keeps keys per staff member, refuses a key reused for another request (422) and replays a refusal", async () => {
    const key = { "idempotency-key": "per-staff-1" };
    const mine = await node.post("/v1/service-records", bodies.service(), node.staff.simingClerk, key);
    const theirs = await node.post("/v1/service-records", bodies.service(), node.staff.simingSupervisor, key);
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.id).not.toBe(mine.body.id);

    const before = await counts();
    const reused = await node.post("/v1/service-records", bodies.service(), node.staff.simingClerk, key);
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({
      type: "urn:pes:problem:idempotency-key-reused",
      errors: [{ path: "idempotency-key", in: "header" }],
    });
    expect(await counts()).toEqual(before);

    const refusedKey = { "idempotency-key": "refused-1" };
    const bad = { ...bodies.service(), servicePointId: "sp-nowhere" };
    const refused = await node.post("/v1/service-records", bad, node.staff.simingClerk, refusedKey);
    expect(refused.status).toBe(422);
    const replayed = await node.post("/v1/service-records", bad, node.staff.simingClerk, refusedKey);
    expect(replayed.status).toBe(422);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(replayed.body.errors).toEqual(refused.body.errors);
  });

  it("keeps a kept answer encrypted (it holds personal data, or a token)", async () => {
    const person = personBlock();
    const key = { "idempotency-key": "sealed-1" };
    const res = await node.post("/v1/service-records", bodies.service(person), node.staff.simingClerk, key);
    expect(res.status).toBe(201);
    const kept = await node.rows<{ t: string }>(
      "select r::text as t from idempotent_requests r where key = 'sealed-1'",
    );
    expect(kept).toHaveLength(1);
    expect(kept[0]!.t).not.toContain(person.idNumber);
    expect(kept[0]!.t).not.toContain(person.name);
  });
});
