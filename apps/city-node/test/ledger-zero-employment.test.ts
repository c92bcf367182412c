import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bodies,
  employmentBody,
  idNumber,
  type LedgerNode,
  ledgerNode,
  personBlock,
} from "./support/index.js";

let node: LedgerNode;
beforeAll(async () => {
  node = await ledgerNode("ledgerzef");
});
afterAll(async () => node?.close());

const TABLES = [
  "pes_outbox",
  "zero_employment_families",
  "zero_employment_family_members",
  "persons",
] as const;

describe("zero-employment family (零就业家庭)", () => {
  it("identifies a family meeting the four conditions; members stay encrypted in the persons ledger", async () => {
    const head = personBlock();
    const spouse = idNumber("1991-06-18", false);
    let res!: Awaited<ReturnType<LedgerNode["post"]>>;
    const rows = await node.published(async () => {
      res = await node.post("/v1/zero-employment-families", bodies.family(head, spouse));
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ state: "identified", identifiedOn: "2025-10-10", members: 2 });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.topic).toBe("pes.city.350200.person");
    expect(rows[0]!.message_key).toBe((res.body.person as { personKey: string }).personKey);
    const payload = JSON.parse(rows[0]!.payload);
    expect(payload).toMatchObject({
      state: "identified",
      urbanResident: true,
      person: { idNumber: head.idNumber },
    });
    expect(payload.members.map((m: { person: { idNumber: string } }) => m.person.idNumber)).toEqual([
      head.idNumber,
      spouse,
    ]);
    // Derived by the node: of working age by the ID number, unemployed by its employment ledger.
    expect(payload.members).toEqual([
      expect.objectContaining({ workingAge: true, unemployed: true }),
      expect.objectContaining({ workingAge: true, unemployed: true }),
    ]);

    const [stored] = await node.rows<{ data: string }>(
      `select data::text as data from zero_employment_families where id = '${res.body.id}'`,
    );
    expect(stored!.data).not.toContain(spouse);
    expect(stored!.data).not.toContain("李小红");
    const members = await node.rows(
      `select 1 from zero_employment_family_members where family_id = '${res.body.id}'`,
    );
    expect(members).toHaveLength(2);
    const audits = await node.rows(`select person_id from audit_log where entity_id = '${res.body.id}'`);
    expect(audits).toHaveLength(2);
  });

  const failing: Array<[string, (b: ReturnType<typeof bodies.family>) => void, string]> = [
    [
      "a working-age member is not able or willing to work",
      (b) => (b.members[1]!.ableAndWilling = false),
      "members.1.ableAndWilling",
    ],
    [
      "a member has a relatively fixed income",
      (b) => (b.members[0]!.fixedIncome = true),
      "members.0.fixedIncome",
    ],
    ["the family is not an urban resident family", (b) => (b.urbanResident = false), "urbanResident"],
  ];
  it.each(failing)("refuses when %s (422 with its field) and writes nothing", async (_, change, field) => {
    const body = bodies.family();
    change(body);
    const before = await node.counts(TABLES);
    const res = await node.post("/v1/zero-employment-families", body);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: "urn:pes:problem:not-zero-employment-family" });
    expect(res.body.errors!.map((e) => e.path)).toEqual([field]);
    expect(await node.counts(TABLES)).toEqual(before);
  });

  it("lists every failing condition at once (一次性告知)", async () => {
    const spouse = idNumber("1991-06-18", false);
    expect(
      (await node.post("/v1/employment-registrations", employmentBody(personBlock(spouse), "2025-09-01")))
        .status,
    ).toBe(201);
    const body = bodies.family(personBlock(), spouse);
    body.members[1]!.fixedIncome = true;
    body.urbanResident = false;
    const res = await node.post("/v1/zero-employment-families", body);
    expect(res.status).toBe(422);
    expect(res.body.errors!.map((e) => e.path)).toEqual([
      "members.1.person.idNumber",
      "members.1.fixedIncome",
      "urbanResident",
    ]);
  });

  it("needs the applicant among the members, and refuses a member of another family not yet cleared (409)", async () => {
    const body = bodies.family();
    body.members[0]!.person.idNumber = idNumber();
    const outsider = await node.post("/v1/zero-employment-families", body);
    expect(outsider.status).toBe(422);
    expect(outsider.body.errors!.map((e) => e.path)).toEqual(["members"]);

    const spouse = idNumber("1992-02-02", false);
    expect(
      (await node.post("/v1/zero-employment-families", bodies.family(personBlock(), spouse))).status,
    ).toBe(201);
    const before = await node.counts(TABLES);
    const again = await node.post("/v1/zero-employment-families", bodies.family(personBlock(), spouse));
    expect(again.status).toBe(409);
    expect(again.body.errors!.map((e) => e.path)).toEqual(["members.1.person.idNumber"]);
    expect(await node.counts(TABLES)).toEqual(before);
  });
});

describe("working age and unemployment are the node's facts, not the form's", () => {
  const IDENTIFIED_ON = "2025-10-10";
  type Member = { workingAge: boolean; unemployed: boolean; person: { idNumber: string } };
  const membersOf = (rows: { payload: string }[]) =>
    (JSON.parse(rows.at(-1)!.payload) as { members: Member[] }).members;

  async function employed(id: string, startedOn: string, endedOn?: string) {
    const res = await node.post("/v1/employment-registrations", {
      ...employmentBody(personBlock(id), startedOn),
      registeredOn: "2025-10-21",
      ...(endedOn ? { endedOn } : {}),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }

  it("a member employed until the day before identifiedOn is unemployed on it", async () => {
    const spouse = idNumber("1991-06-18", false);
    await employed(spouse, "2025-03-01", "2025-10-09");
    let res!: Awaited<ReturnType<LedgerNode["post"]>>;
    const rows = await node.published(async () => {
      res = await node.post("/v1/zero-employment-families", bodies.family(personBlock(), spouse));
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(membersOf(rows)[1]).toMatchObject({ person: { idNumber: spouse }, unemployed: true });
  });

  it("a member whose job is ongoing on identifiedOn is employed, whatever the form says (422 at the member's ID number)", async () => {
    const spouse = idNumber("1991-06-18", false);
    await employed(spouse, "2025-03-01", IDENTIFIED_ON);
    const body = bodies.family(personBlock(), spouse);
    // The old inputs are no longer read: an employed member cannot be declared unemployed or not of working age.
    Object.assign(body.members[1]!, { unemployed: true, workingAge: false });
    const before = await node.counts(TABLES);
    const res = await node.post("/v1/zero-employment-families", body);
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body).toMatchObject({ type: "urn:pes:problem:not-zero-employment-family" });
    expect(res.body.errors!.map((e) => e.path)).toEqual(["members.1.person.idNumber"]);
    expect(res.body.errors![0]!.message).toContain("employment registration");
    expect(await node.counts(TABLES)).toEqual(before);
  });

  it("a job with no end started before identifiedOn makes the member employed; one starting the day after does not", async () => {
    const ongoing = idNumber("1991-06-18", false);
    await employed(ongoing, "2025-03-01");
    const refused = await node.post("/v1/zero-employment-families", bodies.family(personBlock(), ongoing));
    expect(refused.status).toBe(422);
    const later = idNumber("1991-06-18", false);
    await employed(later, "2025-10-11");
    const res = await node.post("/v1/zero-employment-families", bodies.family(personBlock(), later));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  // A retired head (a man born 1960: 60 in 2020) and a child: the child alone can make it a family.
  const retiredHead = () => personBlock(idNumber("1960-01-01"));
  function withChild(child: string) {
    const head = retiredHead();
    const body = bodies.family(head);
    body.members[1] = { ...body.members[1]!, person: { idNumber: child, name: "陈小明" }, relation: "child" };
    return body;
  }

  it("a member turning 16 on identifiedOn is of working age", async () => {
    const child = idNumber("2009-10-10");
    let res!: Awaited<ReturnType<LedgerNode["post"]>>;
    const rows = await node.published(async () => {
      res = await node.post("/v1/zero-employment-families", withChild(child));
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(membersOf(rows).map((m) => m.workingAge)).toEqual([false, true]);
  });

  it("a member turning 16 the day after identifiedOn is not: no member of working age (422)", async () => {
    const body = withChild(idNumber("2009-10-11"));
    // The form's workingAge is not read.
    Object.assign(body.members[1]!, { workingAge: true });
    const res = await node.post("/v1/zero-employment-families", body);
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.errors!.map((e) => e.path)).toEqual(["members"]);
  });

  it("a member of 16 on identifiedOn must be able and willing to work like any other", async () => {
    const body = withChild(idNumber("2009-10-10"));
    body.members[1]!.ableAndWilling = false;
    const res = await node.post("/v1/zero-employment-families", body);
    expect(res.status).toBe(422);
    expect(res.body.errors!.map((e) => e.path)).toEqual(["members.1.ableAndWilling"]);
  });

  it("a woman member's retirement age follows her femaleCategory (worker by default)", async () => {
    // Born 1975-03-01: a worker retires at 50 years 2 months (2025-05-01), a cadre at 56 years 4 months.
    const woman = idNumber("1975-03-01", false);
    const worker = withChild(woman);
    expect((await node.post("/v1/zero-employment-families", worker)).status).toBe(422);
    const cadre = withChild(woman);
    Object.assign(cadre.members[1]!, { femaleCategory: "cadre" });
    const rows = await node.published(async () => {
      const res = await node.post("/v1/zero-employment-families", cadre);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    });
    expect(membersOf(rows).map((m) => m.workingAge)).toEqual([false, true]);
  });
});

describe("dynamic clearing (动态清零)", () => {
  it("clears the family when a member's employment is registered, and republishes it in the same transaction", async () => {
    const head = personBlock();
    const spouse = idNumber("1990-12-12", false);
    const family = await node.post("/v1/zero-employment-families", bodies.family(head, spouse));
    expect(family.status).toBe(201);

    const rows = await node.published(async () => {
      const res = await node.post(
        "/v1/employment-registrations",
        employmentBody(personBlock(spouse), "2025-10-20"),
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    });
    expect(rows.map((r) => r.headers.ce_type)).toEqual([
      "cn.gov.fj.pes.employment-registration.v1",
      "cn.gov.fj.pes.zero-employment-family.v1",
    ]);
    const republished = JSON.parse(rows[1]!.payload);
    expect(rows[1]!.message_key).toBe((family.body.person as { personKey: string }).personKey);
    expect(republished).toMatchObject({
      id: family.body.id,
      revision: 2,
      state: "cleared",
      clearedOn: "2025-10-20",
      person: { idNumber: head.idNumber },
    });
    expect(republished.clearedBy).toBe(rows[0]!.message_key);
    expect(republished.members[1]).toMatchObject({ person: { idNumber: spouse }, unemployed: false });

    const [row] = await node.rows<{ state: string; cleared_on: string; revision: number }>(
      `select state, cleared_on::text, revision from zero_employment_families where id = '${family.body.id}'`,
    );
    expect(row).toEqual({ state: "cleared", cleared_on: "2025-10-20", revision: 2 });

    // A cleared family is not cleared again by the next member's job.
    const next = await node.published(async () => {
      await node.post("/v1/employment-registrations", employmentBody(head, "2025-10-25"));
    });
    expect(next.map((r) => r.headers.ce_type)).toEqual(["cn.gov.fj.pes.employment-registration.v1"]);
  });

  it("clears from the identification day when the job started earlier", async () => {
    const head = personBlock();
    await node.post("/v1/zero-employment-families", bodies.family(head));
    const rows = await node.published(() =>
      node.post("/v1/employment-registrations", employmentBody(head, "2025-09-01")),
    );
    expect(JSON.parse(rows[1]!.payload)).toMatchObject({ state: "cleared", clearedOn: "2025-10-10" });
  });

  it("does not clear for a job that had ended before it was registered", async () => {
    const head = personBlock();
    await node.post("/v1/zero-employment-families", bodies.family(head));
    const rows = await node.published(() =>
      node.post("/v1/employment-registrations", {
        ...employmentBody(head, "2025-09-01"),
        endedOn: "2025-09-30",
      }),
    );
    expect(rows.map((r) => r.headers.ce_type)).toEqual(["cn.gov.fj.pes.employment-registration.v1"]);
  });
});
