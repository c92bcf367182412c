import { randomUUID } from "node:crypto";
import {
  FlowbackReceipt,
  recordRejectionNotice,
  registrationClosureInstruction,
  serviceNeededNotice,
  topics,
  voucherNotice,
} from "@pes/schemas";
import { sampleRecord } from "@pes/schemas/samples";
import { waitFor } from "@pes/sync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FlowbackNode,
  flowbackNode,
  flowbackPerson,
  idNumber,
  openAsProvince,
  type Principal,
  provinceFlowback,
  staffWithToken,
} from "./support/index.js";

/**
 * Feedback from the province at the node (issue 17 #5, #6), on the real broker: a notice that the
 * province refused one of the node's records opens a rejection (GET /v1/rejections: its source id,
 * kind, reason and fields), a later revision of the record clears it, a refusal of that revision
 * opens it again; and everything the node applies from its flow-back is an item of its change feed
 * (GET /v1/changes), once, in order, masked, within the caller's area, resumable across a restart.
 *
 * 莆田 (350300): no other test publishes on its flow-back topic, so this node reads only what this
 * test sends it, signed by the province and sealed for the city, as the hub's relay does.
 */
const PUTIAN = "350300";
const CHENGXIANG = "350302";
const HANJIANG = "350303";
const POINT = "sp-chengxiang-01";
const flowback = provinceFlowback(PUTIAN);
const groupId = `city-feedback-${randomUUID()}`;
const errors: unknown[] = [];
const closers: Array<() => Promise<unknown>> = [];

let node: FlowbackNode;
let admin: Principal;
let chengxiang: Principal;
let hanjiang: Principal;

const start = () => node.startStreams(groupId, (e) => errors.push(e));

beforeAll(async () => {
  node = await flowbackNode("feedback", { cityCode: PUTIAN, cityName: "莆田" });
  closers.push(() => node.close());
  admin = node.admin;
  chengxiang = await staffWithToken(node.database.db, "clerk", CHENGXIANG);
  hanjiang = await staffWithToken(node.database.db, "clerk", HANJIANG);
  const res = await call("PUT", "/v1/service-points", admin, {
    id: POINT,
    name: "城厢服务站",
    kind: "public",
    divisionCode: `${CHENGXIANG}001`,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await flowback.start(groupId);
  closers.push(() => flowback.close());
  await start();
}, 120_000);

afterAll(async () => {
  for (const close of closers.toReversed()) await close().catch(() => {});
});

// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely
type Json = any;
const call = (
  method: string,
  path: string,
  who: Principal,
  body?: unknown,
): Promise<{ status: number; body: Json }> => node.call(method, path, who, body);

const send = flowback.send;
const base = flowback.base;

function rejection(
  recordId: string,
  recordRevision: number | undefined,
  extra: Record<string, unknown> = {},
) {
  return {
    definition: recordRejectionNotice,
    data: {
      ...base(),
      recordId,
      recordType: "training-record",
      ...(recordRevision ? { recordRevision } : {}),
      eventId: randomUUID(),
      stage: "rule",
      reasonCode: "subsidy-needs-provider",
      reason: "A subsidised training names its provider",
      problems: [{ path: "providerId", message: "A subsidised training needs providerId" }],
      rejectedAt: new Date().toISOString(),
      ...extra,
    },
  };
}

const personOf = (id: string, name = "林晓") => flowbackPerson(id, name);

/** A training of a fresh 城厢 person, through the intake with the city system's own id. */
async function training(sourceRecordId: string, id = idNumber()) {
  const form = {
    sourceRecordId,
    person: { idNumber: id, name: "林晓", divisionCode: `${CHENGXIANG}001001` },
    kind: "employment-skills",
    course: "电工（中级）",
    stage: "enrolled",
    enrolledOn: "2025-04-01",
    subsidised: true,
  };
  const res = await call("POST", "/v1/training-records", chengxiang, form);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: String(res.body.id), form, idNumber: id };
}

/** The rejections `who` sees (`state`), by record id. */
async function rejections(who: Principal, state = "open") {
  const res = await call("GET", `/v1/rejections?state=${state}&limit=200`, who);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return new Map<string, Record<string, unknown>>(
    res.body.items.map((r: { recordId: string }) => [r.recordId, r]),
  );
}

const rejectionOf = (recordId: string, done: (r: Record<string, unknown>) => boolean, what: string) =>
  waitFor(
    async () => {
      const found = (await rejections(admin, "all")).get(recordId);
      return found && done(found) ? found : undefined;
    },
    { what },
  );

/** The receipts in the node's outbox for these flow-back ids, opened as the province opens them. */
async function receiptsOf(ids: readonly string[]) {
  const rows = await node.database.rows<{ headers: Record<string, string>; payload: string }>(
    `select headers, payload from pes_outbox where topic = '${topics.cityReceipts(PUTIAN)}' order by id`,
  );
  return rows
    .map((row) => FlowbackReceipt.parse(JSON.parse(openAsProvince(row.headers, row.payload))))
    .filter((r) => ids.includes(r.flowbackId));
}

/** The whole change feed `who` sees, page by page from `cursor`; and the cursor it ends at. */
async function feed(who: Principal, cursor?: string, limit = 2) {
  // biome-ignore lint/suspicious/noExplicitAny: items are read loosely
  const items: any[] = [];
  let at = cursor;
  for (;;) {
    const res = await call("GET", `/v1/changes?limit=${limit}${at ? `&cursor=${at}` : ""}`, who);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    at = res.body.nextCursor;
    if (!res.body.hasMore) return { items, cursor: at! };
  }
}

describe("rejections: what the province refused of the node's records (issue 17 #5)", () => {
  it("lists a refused record with its source id and fields; a corrected revision clears it, a refusal of that reopens it", async () => {
    const { id, form } = await training("PT-PX-0001");
    const first = rejection(id, 1);
    const [firstEvent] = await send(first);
    const open = await rejectionOf(id, (r) => r.state === "open", "the rejection of revision 1");
    expect(open).toMatchObject({
      recordId: id,
      sourceRecordId: "PT-PX-0001",
      kind: "training-record",
      revision: 1,
      stage: "rule",
      reasonCode: "subsidy-needs-provider",
      reason: "A subsidised training names its provider",
      problems: [{ path: "providerId", message: "A subsidised training needs providerId" }],
      fieldPaths: ["providerId"],
      clearedAt: null,
      clearedByRevision: null,
      noticeId: first.data.id,
    });
    // The clerk of the person's district sees it, a clerk of another does not.
    expect((await rejections(chengxiang)).has(id)).toBe(true);
    expect((await rejections(hanjiang)).has(id)).toBe(false);
    // Acknowledged to the province like any flow-back.
    expect(await receiptsOf([firstEvent!])).toEqual([
      expect.objectContaining({ outcome: "applied", flowbackType: recordRejectionNotice.ceType }),
    ]);

    // The city's system corrects it: the same source id with new content is revision 2, which clears it.
    const corrected = await call("POST", "/v1/training-records", chengxiang, {
      ...form,
      providerId: "pt-training-01",
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect(corrected.body).toMatchObject({ id, revision: 2 });
    expect((await rejections(admin)).has(id)).toBe(false);
    expect((await rejections(admin, "all")).get(id)).toMatchObject({
      state: "cleared",
      revision: 1,
      clearedByRevision: 2,
      clearedAt: expect.any(String),
    });

    // The province refuses revision 2 too: open again, at revision 2.
    const second = rejection(id, 2, {
      reasonCode: "course-not-listed",
      problems: [{ path: "course", message: "Not a course of the catalogue" }],
    });
    await send(second);
    const reopened = await rejectionOf(id, (r) => r.state === "open", "the rejection reopened");
    expect(reopened).toMatchObject({
      revision: 2,
      reasonCode: "course-not-listed",
      fieldPaths: ["course"],
      clearedByRevision: null,
    });

    // A late notice about revision 1 changes nothing, and says so in its receipt.
    const late = rejection(id, 1);
    const [lateEvent] = await send(late);
    const [receipt] = await waitFor(async () => {
      const found = await receiptsOf([lateEvent!]);
      return found.length ? found : undefined;
    });
    expect(receipt).toMatchObject({ outcome: "applied", reasonCode: "superseded" });
    expect((await rejections(admin)).get(id)).toMatchObject({ revision: 2, noticeId: second.data.id });

    // A PUT by id clears it as well.
    const put = await call("PUT", `/v1/training-records/${id}`, chengxiang, {
      ...form,
      course: "电工（高级）",
      providerId: "pt-training-01",
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect((await rejections(admin, "all")).get(id)).toMatchObject({
      state: "cleared",
      clearedByRevision: 3,
    });
    expect(errors).toEqual([]);
  });

  it("keeps a notice of a revision the node has moved past as cleared; one of a record it never had, for the city admin", async () => {
    const { id, form } = await training("PT-PX-0002");
    const revised = await call("POST", "/v1/training-records", chengxiang, {
      ...form,
      stage: "completed",
      completedOn: "2025-05-30",
      passed: true,
    });
    expect(revised.body).toMatchObject({ revision: 2 });
    const unknown = randomUUID();
    await send(
      rejection(id, 1),
      rejection(unknown, undefined, { reasonCode: "malformed-json", stage: "contract", problems: [] }),
    );
    const kept = await rejectionOf(id, () => true, "the notice of revision 1");
    expect(kept).toMatchObject({
      state: "cleared",
      revision: 1,
      clearedByRevision: 2,
      sourceRecordId: "PT-PX-0002",
    });
    expect((await rejections(admin)).has(id)).toBe(false);
    const elsewhere = await rejectionOf(unknown, () => true, "the notice of a record the node never had");
    expect(elsewhere).toMatchObject({ state: "open", sourceRecordId: null, revision: null, fieldPaths: [] });
    expect((await rejections(chengxiang, "all")).has(unknown)).toBe(false);
  });

  it("refuses a cursor it did not give", async () => {
    const res = await call("GET", "/v1/rejections?cursor=nonsense", admin);
    expect(res.status).toBe(422);
    expect(res.body.type).toBe("urn:pes:problem:invalid-cursor");
  });
});

describe("the change feed: what flowed back, for the city's own system (issue 17 #6)", {
  timeout: 120_000,
}, () => {
  it("gives every flow-back item the node applied once, in order, masked, within the caller's area, across a restart", async () => {
    const before = await feed(admin, undefined, 200);
    // A registration of the node, which the province closes.
    const id = idNumber("1988-02-02");
    const applied = await call("POST", "/v1/unemployment-registrations", chengxiang, {
      person: { idNumber: id, name: "黄晓明", phone: "13912345678", divisionCode: `${CHENGXIANG}001001` },
      ableToWork: true,
      wantsWork: true,
      currentlyEmployed: false,
      placeBasis: "residence",
      servicePointId: POINT,
      appliedOn: "2025-09-26",
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    const registrationId = String(applied.body.id);
    const person = personOf(id, "黄晓明");
    const closure = {
      definition: registrationClosureInstruction,
      data: {
        ...base(),
        person,
        registrationId,
        reason: "registered-elsewhere",
        evidence: {
          cityCode: "350500",
          recordType: "unemployment-registration",
          recordId: randomUUID(),
          effectiveOn: "2025-10-20",
        },
        decidedAt: new Date().toISOString(),
      },
    };
    // A person of the node who needs a service; one of 涵江 it does not know; a voucher of a stranger.
    const need = {
      definition: serviceNeededNotice,
      data: sampleRecord("service-needed-notice", {
        ...base(),
        districtCode: undefined,
        person,
        areaCode: `${CHENGXIANG}001001`,
        contactMobile: "13912345678",
      }),
    };
    const strangerId = idNumber("1992-07-07");
    const otherNeed = {
      definition: serviceNeededNotice,
      data: sampleRecord("service-needed-notice", {
        ...base(),
        districtCode: undefined,
        person: personOf(strangerId, "郑小红"),
        areaCode: `${HANJIANG}001001`,
      }),
    };
    const voucher = {
      definition: voucherNotice,
      data: sampleRecord("voucher-notice", {
        ...base(),
        districtCode: undefined,
        person: personOf(strangerId, "郑小红"),
      }),
    };
    const refused = rejection(randomUUID(), 1);
    const sentFirst = [closure, need, otherNeed, voucher, refused];
    // Keyed by person (or record): one person's records on one partition, applied in their order.
    for (const r of sentFirst) await send(r);

    // biome-ignore lint/suspicious/noExplicitAny: items are read loosely
    const mine = (items: any[]): any[] =>
      items.filter((i) => [...sentFirst, ...sentLater].some((r) => r.data.id === i.recordId));
    const sentLater: typeof sentFirst = [];
    const all = await waitFor(
      async () => {
        const { items, cursor } = await feed(admin, before.cursor);
        return mine(items).length === sentFirst.length ? { items: mine(items), cursor } : undefined;
      },
      { what: "five items in the change feed", timeoutMs: 20_000 },
    );
    // In the order the node applied them: by sequence, the closure before the need of the same person.
    const sequences = all.items.map((i) => i.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
    const itemOf = (r: { data: Record<string, unknown> }) => all.items.find((i) => i.recordId === r.data.id);
    const [closed, needed, otherNeeded, vouchered, rejected] = sentFirst.map(itemOf);
    expect([closed, needed, otherNeeded, vouchered, rejected].map((i) => i.kind)).toEqual([
      "registration-closure-instruction",
      "service-needed-notice",
      "service-needed-notice",
      "voucher-notice",
      "record-rejection-notice",
    ]);
    expect(closed.sequence).toBeLessThan(needed.sequence);
    expect(closed).toMatchObject({
      revision: 1,
      person: {
        key: person.key,
        idNumber: expect.stringMatching(/\*{10}/),
        name: expect.stringContaining("*"),
        masked: true,
      },
      closure: { registrationId, sourceRecordId: null, reason: "registered-elsewhere", outcome: "closed" },
      serviceNeeded: null,
      rejection: null,
    });
    expect(closed.person.id).toEqual(expect.any(String));
    expect(needed).toMatchObject({
      person: { id: closed.person.id, masked: true },
      serviceNeeded: { status: "open", areaCode: `${CHENGXIANG}001001`, contactMobile: "139****5678" },
    });
    expect(otherNeeded.person).toMatchObject({ id: null, key: personOf(strangerId).key, masked: true });
    expect(vouchered.voucher).toMatchObject({ voucherId: voucher.data.voucherId, status: "issued" });
    expect(rejected.rejection).toMatchObject({
      recordId: refused.data.recordId,
      state: "open",
      reasonCode: "subsidy-needs-provider",
    });
    // Nothing in clear: no ID number, name or mobile.
    const shown = JSON.stringify(all.items);
    for (const clear of [id, strangerId, "黄晓明", "郑小红", "13912345678"])
      expect(shown).not.toContain(clear);
    // The registration was closed by it.
    expect(
      (await call("GET", `/v1/unemployment-registrations/${registrationId}`, chengxiang)).body,
    ).toMatchObject({ state: "closed" });

    // Within the caller's area: 城厢's clerk sees the closure and the need of 城厢; 涵江's the other need.
    const ofChengxiang = mine((await feed(chengxiang, before.cursor)).items).map((i) => i.recordId);
    expect(ofChengxiang).toEqual([closure.data.id, need.data.id]);
    expect(ofChengxiang).toHaveLength(2);
    const ofHanjiang = mine((await feed(hanjiang, before.cursor)).items).map((i) => i.recordId);
    expect(ofHanjiang).toEqual([otherNeed.data.id]);
    // By kind; an empty page keeps the cursor; a cursor this API did not give is a 400.
    const vouchers = await call("GET", `/v1/changes?kind=voucher-notice&cursor=${before.cursor}`, admin);
    expect(mine(vouchers.body.items).map((i) => i.recordId)).toEqual([voucher.data.id]);
    const empty = await call("GET", `/v1/changes?cursor=${all.cursor}`, admin);
    expect(empty.body).toEqual({ items: [], nextCursor: all.cursor, hasMore: false });
    expect((await call("GET", "/v1/changes?cursor=abc", admin)).status).toBe(400);

    // The consumer stops; the province goes on; it starts again: each item once, the cursor resumes.
    await node.stopStreams();
    const newer = {
      ...need,
      data: { ...need.data, revision: 2, status: "resolved", contactMobile: undefined },
    };
    const later = rejection(randomUUID(), 3);
    sentLater.push(newer as typeof need, later);
    // The need again as the node holds it (a resend: another event, the same revision): no new item.
    await send(need);
    for (const r of sentLater) await send(r);
    await start();
    const resumed = await waitFor(
      async () => {
        const { items } = await feed(admin, all.cursor);
        return mine(items).length >= 2 ? mine(items) : undefined;
      },
      { what: "the two items sent while the consumer was away", timeoutMs: 60_000 },
    );
    expect(resumed.map((i) => `${i.recordId}@${i.revision}`).sort()).toEqual(
      [`${need.data.id}@2`, `${later.data.id}@1`].sort(),
    );
    // From the start, page by page: every item once, those before the restart first.
    const whole = mine((await feed(admin, before.cursor, 3)).items).map((i) => `${i.recordId}@${i.revision}`);
    expect(whole).toEqual([
      ...all.items.map((i) => `${i.recordId}@${i.revision}`),
      ...resumed.map((i) => `${i.recordId}@${i.revision}`),
    ]);
    expect(new Set(whole).size).toBe(7);
    expect(errors).toEqual([]);
  });
});
