import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  application,
  bodies,
  idNumber,
  type LedgerNode,
  ledgerNode,
  personBlock,
  SIMING_POINT,
} from "./support/index.js";

let node: LedgerNode;
beforeAll(async () => {
  node = await ledgerNode("ledgerintern");
});
afterAll(async () => node?.close());

/** An internship offer (推荐见习) at 10:00 China time on `day`, or at the given instant. */
function internship(id: string, at: string) {
  const servedAt = at.length === 10 ? `${at}T10:00:00+08:00` : at;
  return node.post("/v1/service-records", bodies.service(personBlock(id), "internship-placement", servedAt));
}

async function refused(res: Awaited<ReturnType<LedgerNode["post"]>>) {
  expect(res.status, JSON.stringify(res.body)).toBe(422);
  expect(res.body).toMatchObject({ status: 422, type: "urn:pes:problem:not-eligible-for-internship" });
  expect(res.body.errors!.map((e) => e.path)).toEqual(["serviceType"]);
}

async function graduate(id: string, graduatedOn: string) {
  const res = await node.post("/v1/key-group-memberships", {
    ...bodies.keyGroup(personBlock(id)),
    graduatedOn,
    startedOn: graduatedOn,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

describe("youth internship (就业见习): graduates within 2 years of leaving school", () => {
  // 28 years old, never registered unemployed: only the graduation date can make them eligible.
  const older = () => idNumber("1997-04-04");

  it.each([
    ["the day before the 2-year limit", "2025-06-29", 201],
    ["the 2nd anniversary of leaving school, the last day", "2025-06-30", 201],
    ["the day after the 2-year limit", "2025-07-01", 422],
    // 00:30 on 07-01 in China is still 06-30 in UTC: China's date counts.
    ["just after midnight China time on the day after the limit", "2025-07-01T00:30:00+08:00", 422],
    ["the day before leaving school", "2023-06-29", 422],
  ])("%s (%s)", async (_, at, status) => {
    const id = older();
    await graduate(id, "2023-06-30");
    const res = await internship(id, at);
    if (status === 422) await refused(res);
    else expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it("a graduate who left school on 29 February may be placed until 28 February two years on", async () => {
    const id = older();
    await graduate(id, "2024-02-29");
    expect((await internship(id, "2026-02-28")).status).toBe(201);
    await refused(await internship(id, "2026-03-01"));
  });

  it("refuses a person with no graduate line and no registration, and writes nothing", async () => {
    const id = idNumber("2003-05-05"); // 22: young enough, but not registered unemployed
    const tables = ["service_records", "pes_outbox", "persons"];
    const before = await node.counts(tables);
    const res = await internship(id, "2025-10-15");
    await refused(res);
    expect(res.body.errors![0]!.message).toContain("not registered unemployed");
    expect(await node.counts(tables)).toEqual(before);
  });

  it("only an internship offer is checked: a training referral to the same person is recorded", async () => {
    const res = await node.post(
      "/v1/service-records",
      bodies.service(personBlock(older()), "training-referral", "2025-10-15T10:00:00+08:00"),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });
});

describe("youth internship (就业见习): registered unemployed youth aged 16–24", () => {
  // Born 2000-11-20: 24 until 2025-11-19, 25 on 2025-11-20.
  const youth = () => idNumber("2000-11-20");

  it.each([
    ["aged 24, the day before the 25th birthday", "2025-11-19", 201],
    ["on the 25th birthday", "2025-11-20", 422],
  ])("%s", async (_, day, status) => {
    const id = youth();
    await node.registeredUnemployed(id, "2025-10-09");
    const res = await internship(id, day);
    if (status === 422) await refused(res);
    else expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it("counts only while registered: not while applied, not before registeredOn, not from closedOn", async () => {
    const id = youth();
    const applied = await node.post(
      "/v1/unemployment-registrations",
      application(id, { servicePointId: SIMING_POINT, appliedOn: "2025-09-26" }),
    );
    expect(applied.status).toBe(201);
    await refused(await internship(id, "2025-10-08")); // applied, not yet registered
    const registered = await node.post(`/v1/unemployment-registrations/${applied.body.id}/register`, {
      registeredOn: "2025-10-09",
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(200);
    await refused(await internship(id, "2025-10-08")); // the day before registeredOn
    expect((await internship(id, "2025-10-09")).status).toBe(201);
    const closed = await node.post(`/v1/unemployment-registrations/${applied.body.id}/close`, {
      reason: "moved-away",
      closedOn: "2025-10-20",
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect((await internship(id, "2025-10-19")).status).toBe(201); // the last day registered
    await refused(await internship(id, "2025-10-20")); // closed that day
  });

  it("a registered person older than 24 is still eligible as a graduate within 2 years", async () => {
    const id = idNumber("1998-01-01");
    const personId = await node.registeredUnemployed(id, "2025-10-09");
    await refused(await internship(id, "2025-10-15"));
    // The 131 tracker counts only the offers recorded: the refused one leaves the part owed.
    const owed = await node.get(`/v1/commitment-131/persons/${personId}`);
    expect(owed.body).toMatchObject({ trainingOrInternship: { had: 0, owed: 1 } });
    await graduate(id, "2024-07-01");
    expect((await internship(id, "2025-10-15")).status).toBe(201);
    const had = await node.get(`/v1/commitment-131/persons/${personId}`);
    expect(had.body).toMatchObject({ trainingOrInternship: { had: 1, owed: 0 } });
  });
});
