import { randomUUID } from "node:crypto";
import { serviceNeededNotice } from "@pes/schemas";
import { sampleRecord } from "@pes/schemas/samples";
import { waitFor } from "@pes/sync/testing";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FlowbackNode,
  flowbackNode,
  flowbackPerson,
  idNumber,
  type Principal,
  provinceFlowback,
  staffWithToken,
} from "./support/index.js";

/**
 * 今日走访 (issue 20 #6): the province's service-needed notices become a work list per staff member's
 * area, the most urgent first, masked; a visit recorded from it is a service record of the person;
 * the person leaves the list when the province says the need is met. 龙岩 (350800): no other test
 * publishes on its flow-back topic.
 */
const LONGYAN = "350800";
const XINLUO = "350802";
const YONGDING = "350803";
const POINT = "sp-xinluo-01";
const flowback = provinceFlowback(LONGYAN);
const groupId = `city-work-list-${randomUUID()}`;
const closers: Array<() => Promise<unknown>> = [];

let node: FlowbackNode;
let admin: Principal;
let xinluo: Principal;
let yongding: Principal;

// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely
type Json = any;
const call = (method: string, path: string, who: Principal, body?: unknown, headers = {}) =>
  node.call(method, path, who, body, headers) as Promise<{ status: number; body: Json }>;

/** A person the node holds: served once at the desk. */
async function personAtNode(who: Principal, division: string, name: string) {
  const id = idNumber("1988-05-05");
  const res = await call("POST", "/v1/service-records", who, {
    person: { idNumber: id, name, divisionCode: division },
    serviceType: "policy-consultation",
    channel: "desk",
    servicePointId: POINT,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return id;
}

const need = (id: string, name: string, areaCode: string, extra: Record<string, unknown> = {}) => ({
  definition: serviceNeededNotice,
  data: sampleRecord("service-needed-notice", {
    ...flowback.base(),
    districtCode: undefined,
    person: flowbackPerson(id, name),
    areaCode,
    ...extra,
  }),
});

const list = async (who: Principal) => {
  const res = await call("GET", "/v1/work-list", who);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { total: number; items: Json[] };
};

const serviceRecordsOf = async () =>
  (await node.database.rows<{ n: number }>("select count(*)::int as n from service_records"))[0]!.n;

let a: ReturnType<typeof need>;
let c: ReturnType<typeof need>;
let b: ReturnType<typeof need>;
let d: ReturnType<typeof need>;
let aId: string;
let street: Principal;

beforeAll(async () => {
  node = await flowbackNode("worklist", { cityCode: LONGYAN, cityName: "龙岩" });
  closers.push(() => node.close());
  admin = node.admin;
  const point = await call("PUT", "/v1/service-points", admin, {
    id: POINT,
    name: "新罗服务站",
    kind: "public",
    divisionCode: `${XINLUO}001`,
  });
  expect(point.status, JSON.stringify(point.body)).toBe(200);
  xinluo = await staffWithToken(node.database.db, "clerk", XINLUO, "新罗 clerk", POINT);
  yongding = await staffWithToken(node.database.db, "clerk", YONGDING);
  street = await staffWithToken(node.database.db, "clerk", `${XINLUO}002`);
  await flowback.start(groupId);
  closers.push(() => flowback.close());
  await node.startStreams(groupId);

  aId = await personAtNode(xinluo, `${XINLUO}001001`, "林一");
  const bId = await personAtNode(admin, `${YONGDING}001001`, "林二");
  // Due first; one reason more than c; c is due later and the node does not hold its person.
  a = need(aId, "林一", `${XINLUO}001001`, {
    reasons: ["131-shortfall", "difficulty-unemployed"],
    shortfall131: { careerGuidance: 0, jobRecommendations: 1, trainingOrInternship: 0 },
    dueBy: "2025-05-01",
    contactMobile: "13912345678",
  });
  c = need(idNumber("1999-01-01"), "林三", `${XINLUO}001002`, {
    reasons: ["graduate-without-contact"],
    shortfall131: undefined,
    keyGroups: ["college-graduate"],
    dueBy: "2025-06-01",
  });
  b = need(bId, "林二", `${YONGDING}001001`);
  // The province knows only d's district; the node holds d in a community of street 002.
  const dId = await personAtNode(admin, `${XINLUO}002001`, "林五");
  d = need(dId, "林五", XINLUO, { dueBy: "2025-07-01", contactMobile: undefined });
  const resolved = need(idNumber(), "林四", `${XINLUO}001001`, { status: "resolved" });
  await flowback.send(c, a, b, d, resolved);
  await waitFor(async () => (await list(admin)).total === 4, { what: "the four open needs at the node" });
}, 120_000);

afterAll(async () => {
  for (const close of closers.toReversed()) await close().catch(() => {});
});

describe("GET /v1/work-list (今日走访)", () => {
  it("gives a clerk the open needs of their area, the earliest due first, masked", async () => {
    const { total, items } = await list(xinluo);
    expect(total).toBe(3);
    expect(items.map((i) => i.noticeId)).toEqual([a.data.id, c.data.id, d.data.id]);
    const [first, second] = items;
    expect(first).toMatchObject({
      reasons: ["131-shortfall", "difficulty-unemployed"],
      shortfall131: { careerGuidance: 0, jobRecommendations: 1, trainingOrInternship: 0 },
      dueBy: "2025-05-01",
      contactMobile: "139****5678",
      person: { name: "林*", masked: true },
    });
    expect(first.person.idNumber).not.toBe(aId);
    expect(first.person.idNumber).toMatch(/^\d{4}\*+\w{4}$/);
    expect(second.person).toBeNull();
    expect(JSON.stringify(items)).not.toContain(aId);
  });

  it("holds another district's clerk to their own area, and the city admin sees all", async () => {
    expect((await list(yongding)).items.map((i) => i.noticeId)).toEqual([b.data.id]);
    expect((await list(admin)).total).toBe(4);
  });

  it("places a need where the node holds the person, when the province knows only the district", async () => {
    const { items } = await list(street);
    expect(items.map((i) => i.noticeId)).toEqual([d.data.id]);
    expect(items[0].areaCode).toBe(`${XINLUO}002001`);
  });

  it("audits each person the list showed", async () => {
    const before = (
      await node.database.rows<{ n: number }>(
        "select count(*)::int as n from audit_log where entity = 'work-list' and action = 'read'",
      )
    )[0]!.n;
    await list(xinluo);
    const after = await node.database.rows<{ n: number }>(
      "select count(*)::int as n from audit_log where entity = 'work-list' and action = 'read'",
    );
    expect(after[0]!.n - before).toBe(2); // a and d; c's person is not the node's: nobody to audit
  });

  it("exports the list for field work as XLSX, masked", async () => {
    const res = await call("GET", "/v1/work-list.xlsx", xinluo);
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(2).getCell(2).value).toBe("林*");
    expect(String(sheet.getRow(2).getCell(6).value)).toContain("推荐岗位 1");
    expect(String(sheet.getRow(3).getCell(6).value)).toContain("毕业生未联系");
    expect(JSON.stringify(sheet.getSheetValues())).not.toContain(aId);
  });
});

describe("POST /v1/work-list/{noticeId}/services", () => {
  it("records the visit as a service record of the person, once for a retried request", async () => {
    const before = await serviceRecordsOf();
    const key = { "idempotency-key": randomUUID() };
    const visit = { serviceType: "job-recommendation", channel: "on-site" };
    const first = await call("POST", `/v1/work-list/${a.data.id}/services`, xinluo, visit, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ noticeId: a.data.id, serviceType: "job-recommendation" });
    const again = await call("POST", `/v1/work-list/${a.data.id}/services`, xinluo, visit, key);
    expect(again.status).toBe(201);
    expect(again.body.serviceRecordId).toBe(first.body.serviceRecordId);
    expect(await serviceRecordsOf()).toBe(before + 1);
    const [row] = await node.database.rows<{ service_type: string; service_point_id: string }>(
      `select service_type, service_point_id from service_records where id = '${first.body.serviceRecordId}'`,
    );
    expect(row).toEqual({ service_type: "job-recommendation", service_point_id: POINT });
  });

  it("answers 404 for a need outside the caller's area, 409 for a person the node does not hold, 400 for a bad type", async () => {
    const outside = await call("POST", `/v1/work-list/${a.data.id}/services`, yongding, {
      serviceType: "career-guidance",
    });
    expect(outside.body).toMatchObject({ status: 404, type: "urn:pes:problem:need-not-found" });
    const stranger = await call("POST", `/v1/work-list/${c.data.id}/services`, xinluo, {
      serviceType: "career-guidance",
    });
    expect(stranger.status).toBe(409);
    expect(stranger.body.type).toBe("urn:pes:problem:person-not-at-node");
    const bad = await call("POST", `/v1/work-list/${a.data.id}/services`, xinluo, { serviceType: "nap" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe("serviceType");
  });

  it("drops the person from the list once the province says the need is met", async () => {
    await flowback.send({ ...a, data: { ...a.data, revision: 2, status: "resolved" } });
    await waitFor(async () => (await list(xinluo)).total === 2, { what: "the met need to leave the list" });
    expect((await list(xinluo)).items.map((i) => i.noticeId)).toEqual([c.data.id, d.data.id]);
    const gone = await call("POST", `/v1/work-list/${a.data.id}/services`, xinluo, {
      serviceType: "career-guidance",
    });
    expect(gone.status).toBe(404);
  });
});
