import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodies, HULI_POINT, idNumber, type LedgerNode, ledgerNode, personBlock } from "./support/index.js";

let node: LedgerNode;
beforeAll(async () => {
  node = await ledgerNode("ledgersvc");
});
afterAll(async () => node?.close());

describe("service records (服务记录)", () => {
  it("records who was served, where, by whom (the caller), how and when, and publishes it", async () => {
    const id = idNumber();
    let res!: Awaited<ReturnType<LedgerNode["post"]>>;
    const rows = await node.published(async () => {
      res = await node.post("/v1/service-records", bodies.service(personBlock(id), "job-recommendation"));
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      serviceType: "job-recommendation",
      channel: "desk",
      servicePointId: "sp-siming-01",
      staffId: node.staff.simingClerk.staffId,
      servedAt: "2025-10-15T02:00:00.000Z",
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ topic: "pes.city.350200.person" });
    expect(rows[0]!.message_key).toBe((res.body.person as { personKey: string }).personKey);
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({
      serviceType: "job-recommendation",
      staffId: node.staff.simingClerk.staffId,
      person: { idNumber: id },
    });
  });

  it.each(["policy-handling", "job-application"])(
    "publishes an online %s (一网通办) as service-record v2",
    async (serviceType) => {
      const id = idNumber();
      let res!: Awaited<ReturnType<LedgerNode["post"]>>;
      const rows = await node.published(async () => {
        res = await node.post("/v1/service-records", {
          ...bodies.service(personBlock(id), serviceType),
          channel: "online",
        });
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ serviceType, channel: "online" });
      expect(rows).toHaveLength(1);
      expect(rows[0]!.headers).toMatchObject({
        ce_type: "cn.gov.fj.pes.service-record.v2",
        ce_dataschema: "https://pes.fj.gov.cn/schemas/service-record/v2.json",
      });
      expect(JSON.parse(rows[0]!.payload)).toMatchObject({
        serviceType,
        channel: "online",
        person: { idNumber: id },
      });
    },
  );

  it("refuses a service type the contract does not have (400), writing nothing", async () => {
    const before = await node.counts(["pes_outbox", "service_records"]);
    const res = await node.post("/v1/service-records", bodies.service(personBlock(), "policy-chatting"));
    expect(res.status).toBe(400);
    expect(res.body.errors!.map((e) => e.path)).toEqual(["serviceType"]);
    expect(await node.counts(["pes_outbox", "service_records"])).toEqual(before);
  });

  it("refuses a service point outside the network and a service in the future (422), writing nothing", async () => {
    const before = await node.counts(["pes_outbox", "service_records"]);
    const unknown = await node.post("/v1/service-records", {
      ...bodies.service(),
      servicePointId: "sp-nowhere",
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors!.map((e) => e.path)).toEqual(["servicePointId"]);
    const future = await node.post("/v1/service-records", {
      ...bodies.service(),
      servedAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(future.status).toBe(422);
    expect(future.body.errors!.map((e) => e.path)).toEqual(["servedAt"]);
    const noPoint = await node.post("/v1/service-records", {
      ...bodies.service(),
      servicePointId: undefined,
    });
    expect(noPoint.status).toBe(422);
    expect(noPoint.body.errors!.map((e) => e.path)).toEqual(["servicePointId"]);
    expect(await node.counts(["pes_outbox", "service_records"])).toEqual(before);
  });

  it("accepts a service at another district's point for a person of the caller's own district", async () => {
    const res = await node.post("/v1/service-records", { ...bodies.service(), servicePointId: HULI_POINT });
    expect(res.status).toBe(201);
  });
});

describe("training records (培训记录)", () => {
  it("records a completed, subsidised training with its certificate", async () => {
    let res!: Awaited<ReturnType<LedgerNode["post"]>>;
    const rows = await node.published(async () => {
      res = await node.post("/v1/training-records", bodies.training());
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      course: "电工（中级）",
      stage: "completed",
      enrolledOn: "2025-04-01",
      completedOn: "2025-05-31",
      subsidised: true,
      certificate: true,
    });
    expect(rows.map((r) => r.headers.ce_type)).toEqual(["cn.gov.fj.pes.training-record.v1"]);
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({
      subsidyFen: 100_000,
      certificate: { type: "skill-level" },
    });
  });

  it("records an enrolment without completion or certificate", async () => {
    const { completedOn: _, passed: __, subsidyFen: ___, certificate: ____, ...enrolled } = bodies.training();
    const res = await node.post("/v1/training-records", { ...enrolled, stage: "enrolled" });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ stage: "enrolled", completedOn: null, certificate: false });
  });

  const broken: Array<[string, Record<string, unknown>, string]> = [
    ["a subsidy for a training not passed", { passed: false, certificate: undefined }, "subsidyFen"],
    ["a certificate for a failed training", { passed: false, subsidyFen: undefined }, "certificate"],
    [
      "a certificate issued before completion",
      { certificate: { type: "training", issuedOn: "2025-05-01" } },
      "certificate.issuedOn",
    ],
    [
      "a voucher for an unsubsidised training",
      { subsidised: false, subsidyFen: undefined, voucherId: "V2025-1" },
      "voucherId",
    ],
  ];
  it.each(broken)("refuses %s (422 with its field), writing nothing", async (_, change, field) => {
    const before = await node.counts(["pes_outbox", "training_records"]);
    const body = Object.fromEntries(
      Object.entries({ ...bodies.training(), ...change }).filter(([, v]) => v !== undefined),
    );
    const res = await node.post("/v1/training-records", body);
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.errors!.map((e) => e.path)).toEqual([field]);
    expect(await node.counts(["pes_outbox", "training_records"])).toEqual(before);
  });

  it("answers the contract's own rules with 400: completion needs its date, a certificate needs completion", async () => {
    const { completedOn: _, ...noDate } = bodies.training();
    const res = await node.post("/v1/training-records", noDate);
    expect(res.status).toBe(400);
    expect(res.body.errors!.map((e) => e.path)).toContain("completedOn");
    const early = await node.post("/v1/training-records", { ...bodies.training(), stage: "enrolled" });
    expect(early.status).toBe(400);
    expect(early.body.errors!.map((e) => e.path)).toContain("certificate");
  });
});

describe("ratings (好差评)", () => {
  it("records a real-name rating of a service given to the person, on that service's point", async () => {
    const person = personBlock();
    const service = await node.post("/v1/service-records", bodies.service(person));
    const { servicePointId: _, ...rating } = bodies.rating(person);
    let res!: Awaited<ReturnType<LedgerNode["post"]>>;
    const rows = await node.published(async () => {
      res = await node.post("/v1/ratings", { ...rating, serviceRecordId: service.body.id });
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      category: "public-employment-service",
      satisfied: true,
      serviceRecordId: service.body.id,
      servicePointId: "sp-siming-01",
    });
    expect(rows.map((r) => r.headers.ce_type)).toEqual(["cn.gov.fj.pes.service-rating.v1"]);
    expect(rows[0]!.message_key).toBe((res.body.person as { personKey: string }).personKey);

    const again = await node.post("/v1/ratings", { ...rating, serviceRecordId: service.body.id });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: "urn:pes:problem:already-rated" });
  });

  it("counts an unsatisfied verdict and 1–2 points as 差评", async () => {
    const verdict = await node.post("/v1/ratings", {
      ...bodies.rating(),
      rating: { scale: "satisfaction", verdict: "unsatisfied" },
    });
    expect(verdict.body).toMatchObject({ satisfied: false });
    const two = await node.post("/v1/ratings", {
      ...bodies.rating(),
      rating: { scale: "five-point", score: 2 },
    });
    expect(two.body).toMatchObject({ satisfied: false });
  });

  it("refuses a rating of someone else's service, or before the service (422); a score of 6 is a 400", async () => {
    const service = await node.post("/v1/service-records", bodies.service());
    const other = await node.post("/v1/ratings", { ...bodies.rating(), serviceRecordId: service.body.id });
    expect(other.status).toBe(422);
    expect(other.body.errors!.map((e) => e.path)).toEqual(["serviceRecordId"]);

    const person = personBlock();
    const own = await node.post("/v1/service-records", bodies.service(person));
    const early = await node.post("/v1/ratings", {
      ...bodies.rating(person),
      serviceRecordId: own.body.id,
      ratedAt: "2025-10-15T09:00:00+08:00",
    });
    expect(early.status).toBe(422);
    expect(early.body.errors!.map((e) => e.path)).toEqual(["ratedAt"]);

    const six = await node.post("/v1/ratings", {
      ...bodies.rating(),
      rating: { scale: "five-point", score: 6 },
    });
    expect(six.status).toBe(400);
    expect(six.body.errors!.map((e) => e.path)).toContain("rating.score");
  });
});
