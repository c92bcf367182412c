import { chinaToday } from "@pes/core";
import { makeCreditCode } from "@pes/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findNodeRecord } from "../src/use-cases/feedback/records.js";
import {
  bodies,
  CREDIT_CODE,
  type LedgerNode,
  ledgerNode,
  SIMING_POINT,
  staffWithToken,
} from "./support/index.js";

// Issue 20 #2: 企业规模性裁员报告 through the intake, in the pattern of the vacancy registration: the
// enterprise's division decides the jurisdiction, the report travels on the city's master topic keyed by
// the enterprise's credit code, and it is revised by id or by the city system's own id.

let node: LedgerNode;
beforeAll(async () => {
  node = await ledgerNode("ledgerlayoff");
});
afterAll(async () => node?.close());

const PATH = "/v1/enterprise-layoff-reports";
/** Every table a refused report could have written to. */
const TABLES = ["enterprise_layoff_reports", "intake_records", "pes_outbox", "audit_log"];
/** A credit code of its own for each test, so that reports are told apart by their key. */
let serial = 0;
const creditCode = () =>
  makeCreditCode({ division: "350203", organisation: `MA31LF${String(++serial).padStart(3, "0")}` });
type Answer = Awaited<ReturnType<LedgerNode["post"]>>;

describe("enterprise layoff report (企业规模性裁员报告)", () => {
  it("records a report and publishes it on the city's master topic keyed by the credit code, with no person", async () => {
    const body = bodies.layoffReport("350203001", creditCode());
    let res!: Answer;
    const rows = await node.published(async () => {
      res = await node.post(PATH, body);
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(res.headers.get("location")).toBe(`${PATH}/${res.body.id}`);
    expect(res.body).toEqual({
      id: res.body.id,
      revision: 1,
      kind: "layoff",
      reportedOn: "2025-10-09",
      effectiveOn: "2025-11-10",
      divisionCode: "350203001",
      enterprise: body.enterprise,
      persons: 25,
      workforce: 180,
    });

    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row!.topic).toBe("pes.city.350200.master");
    expect(row!.message_key).toBe(body.enterprise.creditCode);
    expect(row!.headers).toMatchObject({
      ce_type: "cn.gov.fj.pes.enterprise-layoff-report.v1",
      ce_dataschema: "https://pes.fj.gov.cn/schemas/enterprise-layoff-report/v1.json",
      ce_subject: res.body.id,
    });
    const payload = JSON.parse(row!.payload);
    expect(payload).toEqual({
      id: res.body.id,
      revision: 1,
      cityCode: "350200",
      districtCode: "350203",
      recordedAt: payload.recordedAt,
      enterprise: body.enterprise,
      kind: "layoff",
      persons: 25,
      workforce: 180,
      reportedOn: "2025-10-09",
      effectiveOn: "2025-11-10",
      staffId: node.staff.simingClerk.staffId,
    });

    // The ledger keeps it with its enterprise and division; the audit names no person.
    expect(
      await node.rows(
        `select credit_code, division_code, revision from enterprise_layoff_reports where id = '${res.body.id}'`,
      ),
    ).toEqual([{ credit_code: body.enterprise.creditCode, division_code: "350203001", revision: 1 }]);
    expect(
      await node.rows(
        `select action, person_id from audit_log where entity = 'enterprise-layoff-report' and entity_id = '${res.body.id}'`,
      ),
    ).toEqual([{ action: "create", person_id: null }]);
    // The province's feedback on it finds it in its division.
    expect(await findNodeRecord(node.db.db, "enterprise-layoff-report", String(res.body.id))).toEqual({
      revision: 1,
      personId: null,
      divisionCode: "350203001",
    });
  });

  it("dates a report without reportedOn today (China time) and at the caller's service point; a reduction without workforce", async () => {
    const atPoint = await staffWithToken(node.db, "clerk", "350203", "clerk-at-point", SIMING_POINT);
    const {
      reportedOn: _,
      workforce: _w,
      ...body
    } = {
      ...bodies.layoffReport("350203001", creditCode()),
      kind: "reduction",
      persons: 8,
    };
    const before = chinaToday();
    let res!: Answer;
    const rows = await node.published(async () => {
      res = await node.post(PATH, body, atPoint);
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect([before, chinaToday()]).toContain(res.body.reportedOn);
    expect(res.body.workforce).toBeUndefined();
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({
      kind: "reduction",
      persons: 8,
      reportedOn: res.body.reportedOn,
      servicePointId: SIMING_POINT,
      staffId: atPoint.staffId,
    });
  });

  it("revises a report by id: a new revision on the same key; the same content again writes nothing; the enterprise stays", async () => {
    const body = bodies.layoffReport("350203001", creditCode());
    const created = await node.post(PATH, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = String(created.body.id);

    // Corrected: 30 leave, from 2025-12-01; reportedOn left out keeps the report's.
    const { reportedOn: _, ...corrected } = { ...body, persons: 30, effectiveOn: "2025-12-01" };
    let revised!: Answer;
    const rows = await node.published(async () => {
      revised = await node.put(`${PATH}/${id}`, corrected);
    });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    expect(revised.headers.get("etag")).toBe('"2"');
    expect(revised.body).toMatchObject({
      id,
      revision: 2,
      persons: 30,
      effectiveOn: "2025-12-01",
      reportedOn: "2025-10-09",
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.topic).toBe("pes.city.350200.master");
    expect(rows[0]!.message_key).toBe(body.enterprise.creditCode);
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({
      id,
      revision: 2,
      persons: 30,
      effectiveOn: "2025-12-01",
      reportedOn: "2025-10-09",
      staffId: node.staff.simingClerk.staffId,
    });
    expect(
      await node.rows(
        `select action from audit_log where entity = 'enterprise-layoff-report' and entity_id = '${id}' order by id`,
      ),
    ).toEqual([{ action: "create" }, { action: "update" }]);

    // The same content again: unchanged, nothing written or published.
    const before = await node.counts(TABLES);
    const again = await node.put(`${PATH}/${id}`, corrected);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toMatchObject({ id, revision: 2 });
    expect(await node.counts(TABLES)).toEqual(before);

    // Another enterprise is a report of its own (422 at enterprise.creditCode), and a stale If-Match a conflict.
    const other = await node.put(`${PATH}/${id}`, {
      ...corrected,
      enterprise: { ...body.enterprise, creditCode: creditCode() },
    });
    expect(other.status).toBe(422);
    expect(other.headers.get("content-type")).toMatch(/problem\+json/);
    expect(other.body.errors!.map((e) => e.path)).toEqual(["enterprise.creditCode"]);
    const stale = await node.put(`${PATH}/${id}`, { ...corrected, persons: 31 }, node.staff.simingClerk, {
      "if-match": '"1"',
    });
    expect(stale.status).toBe(409);
    const { audit_log: _a, ...after } = await node.counts(TABLES);
    const { audit_log: _b, ...was } = before;
    expect(after).toEqual(was);
  });

  it("revises a report sent again by the city system's own id (sourceRecordId)", async () => {
    const body = { ...bodies.layoffReport("350203001", creditCode()), sourceRecordId: "XM-CY-2025-0001" };
    const first = await node.post(PATH, body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const same = await node.post(PATH, body);
    expect(same.status).toBe(200);
    expect(same.headers.get("idempotent-replayed")).toBe("true");
    const revised = await node.post(PATH, { ...body, kind: "reduction" });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    expect(revised.body).toMatchObject({ id: first.body.id, revision: 2, kind: "reduction" });
  });

  it("decides the jurisdiction by the enterprise's division: a 湖里 clerk is refused a 思明 enterprise (403), writing nothing", async () => {
    const body = bodies.layoffReport("350203001", creditCode());
    const before = await node.counts(TABLES);
    const res = await node.post(PATH, body, node.staff.huliClerk);
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    const { audit_log: _a, ...after } = await node.counts(TABLES);
    const { audit_log: _b, ...was } = before;
    expect(after).toEqual(was);
    // …but records a 湖里 one.
    const huli = await node.post(PATH, bodies.layoffReport("350206001", creditCode()), node.staff.huliClerk);
    expect(huli.status, JSON.stringify(huli.body)).toBe(201);
  });

  it("refuses a 思明 report moved by its revision outside the caller's area (403) and a 湖里 clerk's revision of it (404), writing nothing", async () => {
    const created = await node.post(PATH, bodies.layoffReport("350203001", creditCode()));
    expect(created.status).toBe(201);
    const before = await node.counts(["enterprise_layoff_reports", "pes_outbox", "intake_records"]);
    const body = bodies.layoffReport("350203001", CREDIT_CODE);
    const moved = await node.put(`${PATH}/${created.body.id}`, {
      ...body,
      enterprise: (created.body as { enterprise: unknown }).enterprise,
      divisionCode: "350206001",
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(403);
    const huli = await node.put(
      `${PATH}/${created.body.id}`,
      { ...body, enterprise: (created.body as { enterprise: unknown }).enterprise },
      node.staff.huliClerk,
    );
    expect(huli.status).toBe(404);
    expect(await node.counts(["enterprise_layoff_reports", "pes_outbox", "intake_records"])).toEqual(before);
  });

  it("refuses an enterprise of another city (422 at divisionCode), writing nothing", async () => {
    const before = await node.counts(TABLES);
    const res = await node.post(PATH, bodies.layoffReport("350582001", creditCode()), node.staff.admin);
    expect(res.status).toBe(422);
    expect(res.body.errors!.map((e) => e.path)).toContain("divisionCode");
    const { audit_log: _a, ...after } = await node.counts(TABLES);
    const { audit_log: _b, ...was } = before;
    expect(after).toEqual(was);
  });

  it("refuses more persons than the enterprise employs (422 problem+json at persons), writing nothing, also on a revision", async () => {
    const body = { ...bodies.layoffReport("350203001", creditCode()), persons: 181 };
    const before = await node.counts(TABLES);
    const res = await node.post(PATH, body);
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    expect(res.body).toMatchObject({ status: 422, type: "urn:pes:problem:invalid-layoff-report" });
    expect(res.body.errors!.map((e) => e.path)).toEqual(["persons"]);
    expect(await node.counts(TABLES)).toEqual(before);

    const created = await node.post(PATH, { ...body, persons: 180 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const afterCreate = await node.counts(TABLES);
    const revised = await node.put(`${PATH}/${created.body.id}`, { ...body, workforce: 100 });
    expect(revised.status).toBe(422);
    expect(revised.body.errors!.map((e) => e.path)).toEqual(["persons"]);
    expect(await node.counts(TABLES)).toEqual(afterCreate);
  });

  it.each([
    [
      "a mistyped credit code",
      { creditCode: CREDIT_CODE.slice(0, 17) + (CREDIT_CODE[17] === "1" ? "2" : "1") },
      "enterprise.creditCode",
    ],
    ["an industry that is not a GB/T 4754 code", { industry: "制造业" }, "enterprise.industry"],
  ])("refuses %s (400), writing nothing", async (_, change, path) => {
    const body = bodies.layoffReport();
    const wrong = { ...body, enterprise: { ...body.enterprise, ...change } };
    const before = await node.counts(TABLES);
    const res = await node.post(PATH, wrong);
    expect(res.status).toBe(400);
    expect(res.body.errors!.map((e) => e.path)).toContain(path);
    expect(await node.counts(TABLES)).toEqual(before);
  });

  it("answers a retry with the same Idempotency-Key with the first answer: one report, one publication", async () => {
    const body = bodies.layoffReport("350203001", creditCode());
    const key = { "idempotency-key": "layoff-retry-1" };
    const first = await node.post(PATH, body, node.staff.simingClerk, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const before = await node.counts(TABLES);
    const again = await node.post(PATH, body, node.staff.simingClerk, key);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(await node.counts(TABLES)).toEqual(before);
    expect(
      await node.rows(
        `select id from enterprise_layoff_reports where credit_code = '${body.enterprise.creditCode}'`,
      ),
    ).toEqual([{ id: first.body.id }]);
    const published = (await node.outbox()).filter((r) => r.message_key === body.enterprise.creditCode);
    expect(published).toHaveLength(1);
  });

  it("is taken in a batch like any kind of the intake", async () => {
    const body = bodies.layoffReport("350203001", creditCode());
    const res = await node.app.request("/v1/batches", {
      method: "POST",
      headers: { ...node.staff.simingClerk.headers, "content-type": "application/json" },
      body: JSON.stringify([
        { kind: "enterprise-layoff-report", record: { ...body, sourceRecordId: "XM-CY-B-1" } },
        { kind: "enterprise-layoff-report", record: { ...body, persons: 500, sourceRecordId: "XM-CY-B-2" } },
      ]),
    });
    const answer = (await res.json()) as {
      counts: Record<string, number>;
      items: { index: number; status: string; problem?: { errors?: { path: string }[] } }[];
    };
    expect(res.status, JSON.stringify(answer)).toBe(200);
    expect(answer.counts).toMatchObject({ items: 2, created: 1, refused: 1 });
    expect(answer.items[1]!.problem!.errors!.map((e) => e.path)).toEqual(["record.persons"]);
    const published = (await node.outbox()).filter((r) => r.message_key === body.enterprise.creditCode);
    expect(published.map((r) => r.headers.ce_type)).toEqual(["cn.gov.fj.pes.enterprise-layoff-report.v1"]);
  });
});
