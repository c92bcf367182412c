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
  node = await ledgerNode("ledger131");
});
afterAll(async () => node?.close());

type Part = { had: number; owed: number };
type Progress = { guidance: Part; jobRecommendations: Part; trainingOrInternship: Part; complete: boolean };

async function serve(id: string, serviceType: string, servedAt: string, servicePointId = "sp-siming-01") {
  const res = await node.post("/v1/service-records", {
    ...bodies.service(personBlock(id), serviceType, servedAt),
    servicePointId,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

describe("the 131 commitment of one person (重点帮扶131)", () => {
  it("owes 1 guidance, 3 job recommendations and 1 training or internship from the registration, and nothing once given", async () => {
    // 22 years old: registered unemployed youth may be offered an internship (就业见习, 16–24).
    const id = idNumber("2003-02-02");
    const personId = await node.registeredUnemployed(id, "2025-10-09");
    // Given before the registration: does not count.
    await serve(id, "career-guidance", "2025-09-30T10:00:00+08:00");

    const before = await node.get(`/v1/commitment-131/persons/${personId}`);
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect(before.body).toMatchObject({
      basis: "registered-unemployed",
      since: "2025-10-09",
      servicePointId: "sp-siming-01",
      guidance: { had: 0, owed: 1 },
      jobRecommendations: { had: 0, owed: 3 },
      trainingOrInternship: { had: 0, owed: 1 },
      complete: false,
    });
    expect(before.body.person).toMatchObject({ idNumber: id, masked: false });

    await serve(id, "career-guidance", "2025-10-09T09:00:00+08:00");
    await serve(id, "job-recommendation", "2025-10-10T09:00:00+08:00");
    await serve(id, "job-recommendation", "2025-10-11T09:00:00+08:00", "sp-huli-01");
    await serve(id, "policy-consultation", "2025-10-12T09:00:00+08:00");
    const partway = (await node.get(`/v1/commitment-131/persons/${personId}`)).body as unknown as Progress;
    expect(partway).toMatchObject({
      guidance: { had: 1, owed: 0 },
      jobRecommendations: { had: 2, owed: 1 },
      trainingOrInternship: { had: 0, owed: 1 },
      complete: false,
    });

    await serve(id, "job-recommendation", "2025-10-13T09:00:00+08:00");
    await serve(id, "internship-placement", "2025-10-14T09:00:00+08:00");
    const after = await node.get(`/v1/commitment-131/persons/${personId}`);
    expect(after.body).toMatchObject({
      guidance: { had: 1, owed: 0 },
      jobRecommendations: { had: 3, owed: 0 },
      trainingOrInternship: { had: 1, owed: 0 },
      complete: true,
    });
    const reads = await node.rows(
      `select 1 from audit_log where entity = 'commitment-131' and person_id = '${personId}'`,
    );
    expect(reads).toHaveLength(3);
  });

  it("covers an unemployed graduate from entering the graduate ledger, until their employment is registered", async () => {
    const id = idNumber("2003-03-03");
    const line = await node.post("/v1/key-group-memberships", {
      ...bodies.keyGroup(personBlock(id)),
      startedOn: "2025-07-01",
    });
    const personId = (line.body.person as { id: string }).id;
    await serve(id, "training-referral", "2025-07-15T09:00:00+08:00");
    const graduate = await node.get(`/v1/commitment-131/persons/${personId}`);
    expect(graduate.status).toBe(200);
    expect(graduate.body).toMatchObject({
      basis: "unemployed-graduate",
      since: "2025-07-01",
      trainingOrInternship: { had: 1, owed: 0 },
      complete: false,
    });

    await node.post("/v1/employment-registrations", employmentBody(personBlock(id), "2025-10-20"));
    const employed = await node.get(`/v1/commitment-131/persons/${personId}`);
    expect(employed.status).toBe(404);
    expect(employed.body).toMatchObject({ type: "urn:pes:problem:not-covered-131" });
  });

  it("answers 404 for a person the commitment does not cover, or who does not exist", async () => {
    const res = await node.post("/v1/service-records", bodies.service());
    const personId = (res.body.person as { id: string }).id;
    expect((await node.get(`/v1/commitment-131/persons/${personId}`)).status).toBe(404);
    expect((await node.get("/v1/commitment-131/persons/00000000-0000-4000-8000-000000000999")).status).toBe(
      404,
    );
  });
});

describe("the 131 commitment of a service point", () => {
  it("lists who is still short of which part, masked, and drops a person once served", async () => {
    await node.servicePoint("sp-siming-131");
    const a = idNumber();
    const b = idNumber();
    const g = idNumber("2002-02-02");
    const aId = await node.registeredUnemployed(a, "2025-10-09", "sp-siming-131");
    const bId = await node.registeredUnemployed(b, "2025-10-09", "sp-siming-131");
    const line = await node.post("/v1/key-group-memberships", {
      ...bodies.keyGroup(personBlock(g)),
      servicePointId: "sp-siming-131",
    });
    const gId = (line.body.person as { id: string }).id;
    // Registered elsewhere: not this point's.
    await node.registeredUnemployed(idNumber(), "2025-10-09");

    for (const type of ["career-guidance", "job-recommendation", "job-recommendation", "job-recommendation"])
      await serve(a, type, "2025-10-15T09:00:00+08:00");

    const before = await node.get("/v1/commitment-131/service-points/sp-siming-131");
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect(before.body).toMatchObject({ servicePointId: "sp-siming-131", covered: 3, short: 3 });
    const shortOf = before.body.shortOf as Record<string, string[]>;
    expect(new Set(shortOf.guidance)).toEqual(new Set([bId, gId]));
    expect(new Set(shortOf.jobRecommendations)).toEqual(new Set([bId, gId]));
    expect(new Set(shortOf.trainingOrInternship)).toEqual(new Set([aId, bId, gId]));
    const persons = before.body.persons as {
      person: { id: string; idNumber: string; masked: boolean };
      basis: string;
    }[];
    expect(persons).toHaveLength(3);
    for (const p of persons) {
      expect(p.person.masked).toBe(true);
      expect([a, b, g]).not.toContain(p.person.idNumber);
    }
    expect(persons.find((p) => p.person.id === gId)?.basis).toBe("unemployed-graduate");

    await serve(a, "training-enrolment", "2025-10-16T09:00:00+08:00");
    const after = await node.get("/v1/commitment-131/service-points/sp-siming-131");
    expect(after.body).toMatchObject({ covered: 3, short: 2 });
    expect((after.body.shortOf as Record<string, string[]>).trainingOrInternship).not.toContain(aId);
    expect((after.body.persons as { person: { id: string } }[]).map((p) => p.person.id)).not.toContain(aId);
  });

  it("answers 404 for a service point not in the network, and 0 for one that owes nobody", async () => {
    expect((await node.get("/v1/commitment-131/service-points/sp-nowhere")).status).toBe(404);
    const empty = await node.get("/v1/commitment-131/service-points/sp-huli-01", node.staff.huliClerk);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({
      covered: 0,
      short: 0,
      shortOf: { guidance: [], jobRecommendations: [], trainingOrInternship: [] },
      persons: [],
    });
  });
});
