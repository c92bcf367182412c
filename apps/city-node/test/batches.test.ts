import { makeResidentId } from "@pes/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  application,
  bodies,
  HULI_POINT,
  type LedgerNode,
  ledgerNode,
  type Principal,
  personBlock,
  SIMING_POINT,
  staffWithToken,
} from "./support/index.js";

// POST /v1/batches (issue 17 #3 and #7): records of any kind through the intake, each answered on its
// own; a bad item never stops the good ones and leaves nothing behind.

let node: LedgerNode;
beforeAll(async () => {
  node = await ledgerNode("batches");
});
afterAll(async () => node?.close());

/** A distinct valid ID number of 思明 per (year, n): each test takes its own birth year. */
const idOf = (year: number, n: number) => {
  const day = new Date(Date.UTC(year, 0, 1) + Math.floor(n / 400) * 86_400_000).toISOString().slice(0, 10);
  return makeResidentId("350203", day, (n % 400) * 2 + 1);
};

interface Answer {
  status: number;
  headers: Headers;
  body: {
    counts?: Record<string, number>;
    items?: Array<{
      index: number;
      line?: number;
      kind: string | null;
      status: string;
      id?: string;
      revision?: number;
      sourceRecordId?: string | null;
      servicePointCreated?: string;
      problem?: {
        type: string;
        status: number;
        detail: string;
        errors?: { path: string; message: string }[];
      };
    }>;
    type?: string;
    detail?: string;
  };
}

async function send(
  items: unknown[] | string,
  opts: { who?: Principal; type?: string; query?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const ndjson = typeof items === "string" || opts.type === "application/x-ndjson";
  const type = opts.type ?? (ndjson ? "application/x-ndjson" : "application/json");
  const body =
    typeof items === "string"
      ? items
      : ndjson
        ? items.map((i) => JSON.stringify(i)).join("\n")
        : JSON.stringify(items);
  const res = await node.app.request(`/v1/batches${opts.query ?? ""}`, {
    method: "POST",
    headers: { ...(opts.who ?? node.staff.simingClerk).headers, "content-type": type, ...opts.headers },
    body,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer["body"] };
}

const TABLES = [
  "persons",
  "service_records",
  "training_records",
  "key_group_memberships",
  "unemployment_registrations",
  "intake_records",
  "pes_outbox",
  "service_points",
];

describe("a batch of 10,000 with 1 % bad items", () => {
  it("applies the good ones exactly, reports each bad one at its index and field, and writes nothing of them", async () => {
    const YEAR = 1971;
    const items: unknown[] = [];
    /** index → the path (inside the item) and problem type each bad item must be answered with. */
    const bad = new Map<number, { path?: string; type: string }>();
    const huliPerson = idOf(YEAR - 1, 0);
    // A person of 湖里 the node knows: outside the 思明 clerk's area.
    expect(
      (
        await node.post(
          "/v1/service-records",
          bodies.service(personBlock(huliPerson, "350206001001")),
          node.staff.huliClerk,
        )
      ).status,
    ).toBe(201);
    for (let i = 0; i < 10_000; i++) {
      const person = personBlock(idOf(YEAR, i));
      const sourceRecordId = `BATCH-${i}`;
      if (i % 100 === 37) {
        // One in a hundred is bad, five ways: the contract, a rule, the area, the kind, the shape.
        switch (((i / 100) % 5) | 0) {
          case 0:
            items.push({
              kind: "service-record",
              record: { ...bodies.service({ ...person, idNumber: "350203199001011234" }), sourceRecordId },
            });
            bad.set(i, { path: "record.person.idNumber", type: "urn:pes:problem:validation" });
            break;
          case 1:
            items.push({
              kind: "training-record",
              record: { ...bodies.training(person), passed: false, certificate: undefined, sourceRecordId },
            });
            bad.set(i, { path: "record.subsidyFen", type: "urn:pes:problem:invalid-training-record" });
            break;
          case 2:
            items.push({
              kind: "service-record",
              record: { ...bodies.service(personBlock(huliPerson)), sourceRecordId },
            });
            bad.set(i, { type: "urn:pes:problem:person-not-found" });
            break;
          case 3:
            items.push({ kind: "service-recording", record: { ...bodies.service(person), sourceRecordId } });
            bad.set(i, { path: "kind", type: "urn:pes:problem:unknown-kind" });
            break;
          default:
            items.push({
              kind: "key-group-membership",
              record: { ...bodies.keyGroup(person), graduatedOn: undefined, sourceRecordId },
            });
            bad.set(i, { path: "record.graduatedOn", type: "urn:pes:problem:invalid-key-group-membership" });
        }
        continue;
      }
      const kind = i % 3 === 0 ? "training-record" : "service-record";
      items.push({
        kind,
        record: {
          ...(kind === "training-record" ? bodies.training(person) : bodies.service(person)),
          sourceRecordId,
        },
      });
    }
    const before = await node.counts(TABLES);
    const deniedBefore = (await node.rows(`select 1 from audit_log where action = 'deny'`)).length;
    const res = await send(items);
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    const good = 10_000 - bad.size;
    const trainings = [...Array(10_000).keys()].filter((i) => !bad.has(i) && i % 3 === 0).length;
    expect(res.body.counts).toEqual({
      items: 10_000,
      created: good,
      revised: 0,
      unchanged: 0,
      refused: bad.size,
    });

    const answered = res.body.items!;
    expect(answered.map((a) => a.index)).toEqual([...Array(10_000).keys()]);
    for (const a of answered) {
      const expected = bad.get(a.index);
      if (!expected) {
        expect(a, JSON.stringify(a)).toMatchObject({
          status: "created",
          sourceRecordId: `BATCH-${a.index}`,
          revision: 1,
        });
        continue;
      }
      expect(a.status).toBe("refused");
      expect(a.id).toBeUndefined();
      expect(a.problem!.type, JSON.stringify(a)).toBe(expected.type);
      if (expected.path)
        expect(
          a.problem!.errors!.map((e) => e.path),
          JSON.stringify(a),
        ).toContain(expected.path);
    }
    // Nothing of a bad item: each good one made its person, its record, its source id and its event.
    expect(await node.counts(TABLES)).toEqual({
      ...before,
      persons: before.persons! + good,
      service_records: before.service_records! + good - trainings,
      training_records: before.training_records! + trainings,
      intake_records: before.intake_records! + good,
      pes_outbox: before.pes_outbox! + good,
    });
    // The refusals outside the area are audited once each, as at a single POST.
    expect((await node.rows(`select 1 from audit_log where action = 'deny'`)).length).toBe(deniedBefore + 20);

    // Sent again: every good item unchanged, nothing written or published.
    const afterFirst = await node.counts(TABLES);
    const again = await send(items);
    expect(again.body.counts).toEqual({
      items: 10_000,
      created: 0,
      revised: 0,
      unchanged: good,
      refused: bad.size,
    });
    expect(again.body.items!.filter((a) => a.status === "unchanged").map((a) => a.id)).toEqual(
      answered.filter((a) => a.status === "created").map((a) => a.id),
    );
    expect(await node.counts(TABLES)).toEqual(afterFirst);
  }, 300_000);
});

describe("reading a batch", () => {
  it("takes NDJSON and a JSON array alike", async () => {
    const items = [0, 1].map((i) => ({
      kind: "service-record",
      record: { ...bodies.service(personBlock(idOf(1972, i))), sourceRecordId: `FMT-${i}` },
    }));
    const ndjson = await send(items, { type: "application/x-ndjson" });
    expect(ndjson.status).toBe(200);
    expect(ndjson.body.items!.map((i) => [i.line, i.status])).toEqual([
      [1, "created"],
      [2, "created"],
    ]);
    const array = await send(items, { type: "application/json" });
    expect(array.status).toBe(200);
    expect(array.body.items!.map((i) => [i.line, i.status, i.id])).toEqual(
      ndjson.body.items!.map((i) => [undefined, "unchanged", i.id]),
    );
  });

  it("refuses a malformed NDJSON line as an item with its line number, applying the others", async () => {
    const good = (i: number) =>
      JSON.stringify({
        kind: "service-record",
        record: { ...bodies.service(personBlock(idOf(1973, i))), sourceRecordId: `NDJ-${i}` },
      });
    const res = await send(
      `${good(0)}\n\n{"kind": "service-record", "record": \n${good(1)}\r\n"just a string"\n`,
    );
    expect(res.status).toBe(200);
    expect(res.body.items!.map((i) => [i.index, i.line, i.status, i.problem?.type])).toEqual([
      [0, 1, "created", undefined],
      [1, 3, "refused", "urn:pes:problem:malformed-item"],
      [2, 4, "created", undefined],
      [3, 5, "refused", "urn:pes:problem:invalid-item"],
    ]);
    expect(res.body.items![1]!.problem!.detail).toMatch(/^Line 3 is not JSON/);
  });

  it.each([
    ["nothing parses (NDJSON)", "{oops\nnot json either\n", "application/x-ndjson", 400, "malformed-batch"],
    ["an empty body", "\n\n", "application/x-ndjson", 400, "empty-batch"],
    ["a JSON object, not an array", "{}", "application/json", 400, "malformed-batch"],
    ["malformed JSON", "[{", "application/json", 400, "malformed-json"],
    ["another media type", "kind,record", "text/csv", 415, "unsupported-media-type"],
  ])("answers %s with a problem for the whole batch", async (_, body, type, status, code) => {
    const before = await node.counts(TABLES);
    const res = await send(body, { type });
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    expect(res.body.type).toBe(`urn:pes:problem:${code}`);
    expect(await node.counts(TABLES)).toEqual(before);
  });

  it("answers 413 for more than 10,000 items and for a body over the limit, writing nothing", async () => {
    const before = await node.counts(TABLES);
    const line = JSON.stringify({
      kind: "service-record",
      record: bodies.service(personBlock(idOf(1974, 0))),
    });
    const many = await send(`${line}\n`.repeat(10_001));
    expect(many.status).toBe(413);
    expect(many.body.type).toBe("urn:pes:problem:too-many-items");
    const array = await send(JSON.stringify(Array(10_001).fill(0)), { type: "application/json" });
    expect(array.status).toBe(413);
    const huge = await send(
      `${JSON.stringify({ kind: "service-record", record: { note: "x".repeat(21 * 1024 * 1024) } })}\n`,
    );
    expect(huge.status).toBe(413);
    expect(huge.body.type).toBe("urn:pes:problem:body-too-large");
    expect(await node.counts(TABLES)).toEqual(before);
  });

  it("replays the first answer to a retry with the same Idempotency-Key", async () => {
    const items = [{ kind: "training-record", record: bodies.training(personBlock(idOf(1975, 0))) }];
    const key = { "idempotency-key": "batch-retry-1" };
    const first = await send(items, { headers: key });
    expect(first.body.counts!.created).toBe(1);
    const before = await node.counts(TABLES);
    const again = await send(items, { headers: key });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(await node.counts(TABLES)).toEqual(before);
  });
});

describe("records about one person, in the batch's order", () => {
  it("takes an unemployment application and its registration in one batch", async () => {
    const id = idOf(1976, 0);
    const applied = { ...application(id, { appliedOn: "2025-09-26" }), sourceRecordId: "U-APPLY-1" };
    const res = await send([
      { kind: "unemployment-registration", record: applied },
      { kind: "service-record", record: { ...bodies.service(personBlock(id)), sourceRecordId: "U-SVC-1" } },
      { kind: "unemployment-registration", record: { ...applied, registeredOn: "2025-10-09" } },
    ]);
    expect(res.body.items!.map((i) => [i.status, i.revision])).toEqual([
      ["created", 1],
      ["created", 1],
      ["revised", 2],
    ]);
    expect(res.body.items![2]!.id).toBe(res.body.items![0]!.id);
    const [row] = await node.rows<{ state: string; revision: number }>(
      `select state, revision from unemployment_registrations where id = '${res.body.items![0]!.id}'`,
    );
    expect(row).toEqual({ state: "registered", revision: 2 });
    // Both revisions reach the outbox, the application first.
    const published = (await node.outbox())
      .map((r) => JSON.parse(r.payload) as { id: string; revision: number; state: string })
      .filter((e) => e.id === res.body.items![0]!.id);
    expect(published.map((e) => [e.revision, e.state])).toEqual([
      [1, "applied"],
      [2, "registered"],
    ]);

    // The same batch again (the city system sending its history twice): all unchanged, nothing published.
    const outbox = await node.count("pes_outbox");
    const again = await send([
      { kind: "unemployment-registration", record: applied },
      { kind: "service-record", record: { ...bodies.service(personBlock(id)), sourceRecordId: "U-SVC-1" } },
      { kind: "unemployment-registration", record: { ...applied, registeredOn: "2025-10-09" } },
    ]);
    expect(again.body.items!.map((i) => [i.status, i.revision])).toEqual([
      ["unchanged", 2],
      ["unchanged", 1],
      ["unchanged", 2],
    ]);
    expect(await node.count("pes_outbox")).toBe(outbox);
  });

  it("refuses a registration sent before its application in the same batch's order (the life only moves forward)", async () => {
    const id = idOf(1976, 1);
    const applied = { ...application(id, { appliedOn: "2025-09-26" }), sourceRecordId: "U-APPLY-2" };
    const res = await send([
      { kind: "unemployment-registration", record: { ...applied, registeredOn: "2025-10-09" } },
      { kind: "unemployment-registration", record: applied },
    ]);
    expect(res.body.items!.map((i) => i.status)).toEqual(["created", "refused"]);
    expect(res.body.items![1]!.problem!.status).toBe(422);
  });
});

describe("service points by the city's own code (item 7)", () => {
  const record = (n: number, code: string, extra: Record<string, unknown> = {}) => {
    const { servicePointId: _, ...service } = bodies.service(personBlock(idOf(1977, n)));
    return {
      kind: "service-record",
      record: { ...service, servicePointCode: code, sourceRecordId: `SPC-${n}`, ...extra },
    };
  };

  it("names a known point by its code, and a point whose id is the code", async () => {
    const res = await node.app.request("/v1/service-points", {
      method: "PUT",
      headers: { ...node.staff.admin.headers, "content-type": "application/json" },
      body: JSON.stringify({
        id: "sp-siming-code",
        code: "XM-SM-CODE",
        name: "思明代码网点",
        kind: "public",
        divisionCode: "350203001",
      }),
    });
    expect(res.status).toBe(200);
    const answer = await send([record(0, "XM-SM-CODE"), record(1, SIMING_POINT)], { who: node.staff.admin });
    expect(answer.body.items!.map((i) => i.status)).toEqual(["created", "created"]);
    const points = await node.rows<{ service_point_id: string }>(
      `select service_point_id from service_records where id in ('${answer.body.items![0]!.id}', '${answer.body.items![1]!.id}') order by served_at, service_point_id`,
    );
    expect(points.map((p) => p.service_point_id).sort()).toEqual(["sp-siming-01", "sp-siming-code"]);
  });

  it("refuses an unknown code per item by default, and with create makes it once in the person's district", async () => {
    const before = await node.counts(TABLES);
    const refused = await send([record(2, "XM-NEW-01"), record(3, "XM-NEW-01")], { who: node.staff.admin });
    expect(refused.body.items!.map((i) => [i.status, i.problem?.type, i.problem?.errors?.[0]?.path])).toEqual(
      [
        ["refused", "urn:pes:problem:unknown-service-point", "record.servicePointCode"],
        ["refused", "urn:pes:problem:unknown-service-point", "record.servicePointCode"],
      ],
    );
    expect(await node.counts(TABLES)).toEqual(before);

    const created = await send(
      [
        record(2, "XM-NEW-01", { servicePointName: "湖里新网点" }),
        record(3, "XM-NEW-01"),
        record(4, "新 网 点"),
      ],
      { who: node.staff.admin, query: "?unknownServicePoints=create" },
    );
    expect(created.body.items!.map((i) => [i.status, i.servicePointCreated])).toEqual([
      ["created", "XM-NEW-01"],
      ["created", undefined],
      ["created", expect.stringMatching(/^sp-[0-9a-f]{16}$/)],
    ]);
    const points = await node.rows<{ id: string; code: string; name: string; division_code: string }>(
      `select id, code, name, division_code from service_points where code in ('XM-NEW-01', '新 网 点') order by id`,
    );
    expect(points).toEqual([
      { id: "XM-NEW-01", code: "XM-NEW-01", name: "湖里新网点", division_code: "350203" },
      {
        id: created.body.items![2]!.servicePointCreated,
        code: "新 网 点",
        name: "新 网 点",
        division_code: "350203",
      },
    ]);
    // The network the province assesses now has them: the node published its next revision.
    const network = (await node.outbox())
      .filter((r) => r.headers.ce_type === "cn.gov.fj.pes.service-network.v1")
      .map((r) => JSON.parse(r.payload) as { servicePoints: Array<{ id: string }> })
      .at(-1);
    expect(network?.servicePoints.map((p) => p.id)).toEqual(
      expect.arrayContaining(["XM-NEW-01", created.body.items![2]!.servicePointCreated]),
    );
  });

  it("rolls a created point back with its refused item", async () => {
    const bad = record(5, "XM-NEW-ROLLBACK", { servedAt: "2999-01-01T00:00:00+08:00" });
    const res = await send([bad], { who: node.staff.admin, query: "?unknownServicePoints=create" });
    expect(res.body.items![0]!.status).toBe("refused");
    expect(await node.rows(`select 1 from service_points where code = 'XM-NEW-ROLLBACK'`)).toEqual([]);
  });

  it("lets only a city admin create points (403 for others), and refuses a code for a kind without a point", async () => {
    const clerk = await send([record(6, "XM-NEW-02")], { query: "?unknownServicePoints=create" });
    expect(clerk.status).toBe(403);
    expect(clerk.body.type).toBe("urn:pes:problem:forbidden-role");
    const training = await send([
      {
        kind: "training-record",
        record: { ...bodies.training(personBlock(idOf(1977, 7))), servicePointCode: "XM-SM-CODE" },
      },
    ]);
    expect(training.body.items![0]!.problem!.errors![0]!.path).toBe("record.servicePointCode");
  });

  it("refuses a record of the city admin (who has no service point) that names none, at servicePointId", async () => {
    const { servicePointId: _, ...service } = bodies.service(personBlock(idOf(1977, 8)));
    const res = await send([{ kind: "service-record", record: service }], { who: node.staff.admin });
    expect(res.body.items![0]!.problem).toMatchObject({
      type: "urn:pes:problem:service-point-missing",
      errors: [{ path: "record.servicePointId" }],
    });
  });

  it("takes a clerk's records at their own point when they name none", async () => {
    const clerk = await staffWithToken(node.db, "clerk", "350206", "湖里窗口", HULI_POINT);
    const { servicePointId: _, ...service } = bodies.service(personBlock(idOf(1977, 9), "350206001001"));
    const res = await send([{ kind: "service-record", record: service }], { who: clerk });
    expect(res.body.items![0]!.status).toBe("created");
  });
});
