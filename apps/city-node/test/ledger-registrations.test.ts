import { makeCreditCode } from "@pes/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodies, idNumber, type LedgerNode, ledgerNode, personBlock } from "./support/index.js";

let node: LedgerNode;
beforeAll(async () => {
  node = await ledgerNode("ledgerreg");
});
afterAll(async () => node?.close());

describe("job-seeker registration (求职登记)", () => {
  it("registers a job seeker, shows the clerk the clear person, and publishes on the person topic keyed by the person key", async () => {
    const id = idNumber();
    let res!: Awaited<ReturnType<LedgerNode["post"]>>;
    const rows = await node.published(async () => {
      res = await node.post("/v1/job-seeker-registrations", bodies.jobSeeker(personBlock(id)));
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      state: "active",
      registeredOn: "2025-10-09",
      servicePointId: "sp-siming-01",
    });
    expect(res.body.person).toMatchObject({ idNumber: id, masked: false });

    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row!.topic).toBe("pes.city.350200.person");
    expect(row!.message_key).toBe((res.body.person as { personKey: string }).personKey);
    expect(row!.message_key).not.toContain(id);
    expect(row!.headers).toMatchObject({
      ce_type: "cn.gov.fj.pes.job-seeker-registration.v2",
      ce_dataschema: "https://pes.fj.gov.cn/schemas/job-seeker-registration/v2.json",
    });
    expect(JSON.parse(row!.payload)).toMatchObject({
      state: "active",
      contactMobile: "13800001234",
      districtCode: "350203",
      person: { idNumber: id },
      wishes: { occupations: ["仓储管理员"] },
    });
  });

  it("keeps the contact mobile out of the ledger row (it stays encrypted with the person) and audits the registration", async () => {
    const res = await node.post("/v1/job-seeker-registrations", bodies.jobSeeker());
    const [stored] = await node.rows<{ data: string }>(
      `select data::text as data from job_seeker_registrations where id = '${res.body.id}'`,
    );
    expect(stored!.data).not.toContain("13800001234");
    const audits = await node.rows(
      `select 1 from audit_log where entity = 'job-seeker-registration' and entity_id = '${res.body.id}' and action = 'create'`,
    );
    expect(audits).toHaveLength(1);
  });

  it("masks the person for a city admin", async () => {
    const id = idNumber();
    const res = await node.post(
      "/v1/job-seeker-registrations",
      bodies.jobSeeker(personBlock(id)),
      node.staff.admin,
    );
    expect(res.status).toBe(201);
    expect(res.body.person).toMatchObject({ masked: true, name: "陈*" });
    expect((res.body.person as { idNumber: string }).idNumber).not.toBe(id);
  });

  it("refuses a second active registration of the same person (409) and writes nothing", async () => {
    const person = personBlock();
    expect((await node.post("/v1/job-seeker-registrations", bodies.jobSeeker(person))).status).toBe(201);
    const before = await node.counts(["pes_outbox", "job_seeker_registrations"]);
    const second = await node.post("/v1/job-seeker-registrations", bodies.jobSeeker(person));
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ type: "urn:pes:problem:job-seeker-already-active" });
    expect(await node.counts(["pes_outbox", "job_seeker_registrations"])).toEqual(before);
  });

  it("refuses a person under 16 (422, person.idNumber)", async () => {
    const child = personBlock(idNumber("2012-01-01"));
    const res = await node.post("/v1/job-seeker-registrations", bodies.jobSeeker(child));
    expect(res.status).toBe(422);
    expect(res.body.errors!.map((e) => e.path)).toContain("person.idNumber");
  });

  it("needs the contact mobile (400, person.phone)", async () => {
    const { phone: _, ...person } = personBlock();
    const res = await node.post("/v1/job-seeker-registrations", bodies.jobSeeker(person as never));
    expect(res.status).toBe(400);
    expect(res.body.errors!.map((e) => e.path)).toContain("person.phone");
  });
});

describe("registered online (一网通办): the channel of contract v2", () => {
  it("a job seeker who registered online is published as job-seeker-registration v2 with the channel", async () => {
    const id = idNumber();
    let res!: Awaited<ReturnType<LedgerNode["post"]>>;
    const rows = await node.published(async () => {
      res = await node.post("/v1/job-seeker-registrations", {
        ...bodies.jobSeeker(personBlock(id)),
        channel: "online",
      });
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.headers).toMatchObject({ ce_type: "cn.gov.fj.pes.job-seeker-registration.v2" });
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({ channel: "online", person: { idNumber: id } });
  });

  it("a vacancy registered online is published as vacancy-registration v2 with the channel", async () => {
    const body = { ...bodies.vacancy(), channel: "online" };
    let res!: Awaited<ReturnType<LedgerNode["post"]>>;
    const rows = await node.published(async () => {
      res = await node.post("/v1/vacancy-registrations", body);
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.headers).toMatchObject({ ce_type: "cn.gov.fj.pes.vacancy-registration.v2" });
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({ channel: "online", status: "open" });
  });

  it("refuses a channel that is not one (400), writing nothing", async () => {
    const before = await node.counts(["pes_outbox"]);
    const res = await node.post("/v1/job-seeker-registrations", { ...bodies.jobSeeker(), channel: "email" });
    expect(res.status).toBe(400);
    expect(res.body.errors!.map((e) => e.path)).toContain("channel");
    expect(await node.counts(["pes_outbox"])).toEqual(before);
  });
});

describe("vacancy registration (招聘登记)", () => {
  it("registers an employer's positions on the master topic keyed by the credit code, with no person", async () => {
    let res!: Awaited<ReturnType<LedgerNode["post"]>>;
    const body = bodies.vacancy();
    const rows = await node.published(async () => {
      res = await node.post("/v1/vacancy-registrations", body);
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      status: "open",
      divisionCode: "350203001",
      employer: { creditCode: body.employer.creditCode },
      positions: 1,
      headcount: 3,
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.topic).toBe("pes.city.350200.master");
    expect(rows[0]!.message_key).toBe(body.employer.creditCode);
    const payload = JSON.parse(rows[0]!.payload);
    expect(payload).toMatchObject({ status: "open", districtCode: "350203", cityCode: "350200" });
    expect(payload.person).toBeUndefined();
    const audits = await node.rows<{ person_id: string | null }>(
      `select person_id from audit_log where entity = 'vacancy-registration' and entity_id = '${res.body.id}'`,
    );
    expect(audits).toEqual([{ person_id: null }]);
  });

  it("refuses a mistyped credit code (400, employer.creditCode)", async () => {
    const code = makeCreditCode({ division: "350206", organisation: "MA2Y3K4L5" });
    const wrong = code.slice(0, 17) + (code[17] === "1" ? "2" : "1");
    const res = await node.post("/v1/vacancy-registrations", bodies.vacancy("350203001", wrong));
    expect(res.status).toBe(400);
    expect(res.body.errors!.map((e) => e.path)).toContain("employer.creditCode");
  });

  it("refuses a position whose recruiting window closed before the registration (422)", async () => {
    const body = bodies.vacancy();
    body.positions[0]!.recruitFrom = "2025-01-01";
    body.positions[0]!.recruitUntil = "2025-03-31";
    const before = await node.counts(["pes_outbox", "vacancy_registrations"]);
    const res = await node.post("/v1/vacancy-registrations", body);
    expect(res.status).toBe(422);
    expect(res.body.errors!.map((e) => e.path)).toEqual(["positions.0.recruitUntil"]);
    expect(await node.counts(["pes_outbox", "vacancy_registrations"])).toEqual(before);
  });

  it("decides the jurisdiction by the employer's division: a 湖里 clerk cannot register a 思明 employer", async () => {
    const res = await node.post("/v1/vacancy-registrations", bodies.vacancy(), node.staff.huliClerk);
    expect(res.status).toBe(403);
    const huli = await node.post(
      "/v1/vacancy-registrations",
      bodies.vacancy("350206001"),
      node.staff.huliClerk,
    );
    expect(huli.status).toBe(201);
  });
});
