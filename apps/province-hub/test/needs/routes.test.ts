import { randomUUID } from "node:crypto";
import { maskName, maskResidentId } from "@pes/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { needsFlowbackExtension } from "../../src/use-cases/flowback/needs.js";
import { pointNeeds } from "../../src/use-cases/needs/points.js";
import {
  cipher,
  fromCity,
  NO_BROKER,
  person,
  TEST_TRUST,
  type TestHub,
  testApp,
  unemployment,
} from "../support/index.js";

let hub: TestHub;
let app: TestHub["app"];
let headers: Record<string, string>;
beforeAll(async () => {
  hub = await testApp(
    "hubneedsapi",
    { kafka: NO_BROKER },
    { extensions: [needsFlowbackExtension({ cipher, sealer: TEST_TRUST.sealer })] },
  );
  app = hub.app;
  headers = hub.as.viewer;
});
afterAll(async () => hub?.close());

type Who = ReturnType<typeof person>;
const named = (name: string): Who => ({ ...person(), name });
const SIMING = "350203";

const service = (who: Who, serviceType: string) =>
  hub.ingest(
    fromCity("350200", "service-record", {
      id: randomUUID(),
      person: who,
      serviceType,
      servedAt: "2025-03-10T02:00:00Z",
    }),
  );
const family = (who: Who, extra: Record<string, unknown> = {}) =>
  fromCity("350200", "zero-employment-family", {
    id: randomUUID(),
    person: who,
    districtCode: SIMING,
    identifiedOn: "2025-02-01",
    members: [
      {
        person: who,
        relation: "head",
        workingAge: true,
        unemployed: true,
        ableAndWilling: true,
        fixedIncome: false,
      },
    ],
    ...extra,
  });
const get = (path: string) => app.request(path, { headers });

// 思明: A and B owe parts of the 131 at sp-sm-1, C heads a family of community 350203001001, I owes
// the 131 at sp-sm-2 and heads a family with no community, H is a graduate nobody contacted.
// Not counted: D's family was cleared, E had the whole 131. Elsewhere: F in 湖里, G names no district.
const A = named("林晓燕");
const B = named("黄志强");
const C = named("郑美玲");
const D = named("吴建国");
const E = named("许文华");
const F = named("蔡明辉");
const G = named("王秀英");
const H = named("张伟杰");
const I = named("刘春梅");

describe("the operator's view of open service needs (数据回流)", () => {
  beforeAll(async () => {
    const at = (point: string, registeredOn = "2025-03-03") => ({
      districtCode: SIMING,
      servicePointId: point,
      registeredOn,
    });
    await hub.ingest(unemployment("350200", A, "2025-03-01", at("sp-sm-1", "2025-03-01")));
    await service(A, "career-guidance");
    await hub.ingest(unemployment("350200", B, "2025-03-03", at("sp-sm-1")));
    await hub.ingest(family(C));
    const cleared = family(D);
    await hub.ingest(cleared);
    await hub.ingest(
      fromCity("350200", "zero-employment-family", {
        ...(cleared.data as Record<string, unknown>),
        revision: 2,
        state: "cleared",
        clearedOn: "2025-03-01",
      }),
    );
    await hub.ingest(unemployment("350200", E, "2025-03-03", at("sp-sm-1")));
    for (const t of [
      "career-guidance",
      "job-recommendation",
      "job-recommendation",
      "job-recommendation",
      "internship-placement",
    ])
      await service(E, t);
    await hub.ingest(unemployment("350200", F, "2025-03-03", { districtCode: "350206" }));
    await hub.ingest(unemployment("350200", G, "2025-03-03"));
    await hub.ingest(
      fromCity("350200", "key-group-membership", {
        id: randomUUID(),
        person: H,
        group: "college-graduate",
        startedOn: "2025-07-01",
        graduatedOn: "2025-06-30",
        districtCode: SIMING,
      }),
    );
    await hub.ingest(unemployment("350200", I, "2025-03-03", at("sp-sm-2")));
    await hub.ingest(family(I, { communityCode: undefined, identifiedOn: "2025-01-15" }));
  });

  it("totals a city's open needs per district: 131 shortfalls with the parts owed, families not cleared", async () => {
    const res = await get("/v1/needs/districts?city=350200");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { city: string; asOf: string; items: Array<{ districtCode: string }> };
    expect(body.city).toBe("350200");
    expect(Number.isNaN(Date.parse(body.asOf))).toBe(false);
    const one131 = { persons: 1, careerGuidance: 1, jobRecommendations: 3, trainingOrInternship: 1 };
    expect(body.items).toEqual([
      // No district on G's registration: the city's own code.
      { districtCode: "350200", shortfall131: one131, zeroEmploymentFamilies: 0, graduatesWithoutContact: 0 },
      {
        districtCode: SIMING,
        // A had career guidance; E is complete and D cleared, so neither counts.
        shortfall131: { persons: 3, careerGuidance: 2, jobRecommendations: 9, trainingOrInternship: 3 },
        zeroEmploymentFamilies: 2,
        graduatesWithoutContact: 1,
      },
      { districtCode: "350206", shortfall131: one131, zeroEmploymentFamilies: 0, graduatesWithoutContact: 0 },
    ]);
    const other = (await (await get("/v1/needs/districts?city=350500")).json()) as { items: unknown[] };
    expect(other.items).toEqual([]);
    expect((await get("/v1/needs/districts?city=123456")).status).toBe(400);
  });

  it("drills a district down to its service points and communities, persons masked", async () => {
    const res = await get(`/v1/needs/districts/${SIMING}/service-points?city=350200`);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const who of [A, B, C, H, I]) {
      expect(text).not.toContain(who.name);
      expect(text).not.toContain(who.idNumber);
    }
    const body = JSON.parse(text) as {
      city: string;
      districtCode: string;
      items: Array<Record<string, unknown>>;
    };
    expect(body).toMatchObject({ city: "350200", districtCode: SIMING });
    const masked = (who: Who) => ({
      personKey: who.key,
      name: maskName(who.name),
      idNumber: maskResidentId(who.idNumber),
    });
    const counts = (
      persons: number,
      owed: [number, number, number],
      families: number,
      graduates: number,
    ) => ({
      shortfall131: {
        persons,
        careerGuidance: owed[0],
        jobRecommendations: owed[1],
        trainingOrInternship: owed[2],
      },
      zeroEmploymentFamilies: families,
      graduatesWithoutContact: graduates,
    });
    expect(body.items).toEqual([
      {
        kind: "community",
        servicePointId: "350203001001",
        ...counts(0, [0, 0, 0], 1, 0),
        personCount: 1,
        truncated: false,
        persons: [{ ...masked(C), reasons: ["zero-employment-family"], since: "2025-02-01" }],
      },
      {
        kind: "service-point",
        servicePointId: "sp-sm-1",
        ...counts(2, [1, 6, 2], 0, 0),
        personCount: 2,
        truncated: false,
        persons: [
          {
            ...masked(A),
            reasons: ["131-shortfall"],
            shortfall131: { careerGuidance: 0, jobRecommendations: 3, trainingOrInternship: 1 },
            since: "2025-03-01",
          },
          {
            ...masked(B),
            reasons: ["131-shortfall"],
            shortfall131: { careerGuidance: 1, jobRecommendations: 3, trainingOrInternship: 1 },
            since: "2025-03-03",
          },
        ],
      },
      {
        kind: "service-point",
        servicePointId: "sp-sm-2",
        ...counts(1, [1, 3, 1], 0, 0),
        personCount: 1,
        truncated: false,
        persons: [
          {
            ...masked(I),
            reasons: ["131-shortfall"],
            shortfall131: { careerGuidance: 1, jobRecommendations: 3, trainingOrInternship: 1 },
            since: "2025-03-03",
          },
        ],
      },
      {
        // I's family names no community; H's ledger line names no service point.
        kind: "unassigned",
        servicePointId: "unassigned",
        ...counts(0, [0, 0, 0], 1, 1),
        personCount: 2,
        truncated: false,
        persons: [
          { ...masked(I), reasons: ["zero-employment-family"], since: "2025-01-15" },
          { ...masked(H), reasons: ["graduate-without-contact"], since: "2025-07-01" },
        ],
      },
    ]);
  });

  it("lists at most the cap of persons per point and says so, counting all of them", async () => {
    const points = await pointNeeds(
      { db: hub.db.db, cipher },
      { city: "350200", districtCode: SIMING, perPoint: 1 },
    );
    const sm1 = points.find((p) => p.servicePointId === "sp-sm-1");
    expect(sm1).toMatchObject({ personCount: 2, truncated: true, shortfall131: { persons: 2 } });
    expect(sm1?.persons.map((p) => p.personKey)).toEqual([A.key]);
  });

  it("answers a district outside the city with a 400 problem naming the path field", async () => {
    const res = await get("/v1/needs/districts/350102/service-points?city=350200");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({
      status: 400,
      errors: [{ path: "districtCode", in: "path" }],
    });
    // The city's own code is the key of needs with no district.
    const own = await get("/v1/needs/districts/350200/service-points?city=350200");
    expect(own.status).toBe(200);
    const { items } = (await own.json()) as {
      items: Array<{ servicePointId: string; persons: Array<{ personKey: string }> }>;
    };
    expect(items.flatMap((p) => p.persons.map((x) => x.personKey))).toEqual([G.key]);
    const bad = await get("/v1/needs/districts/350203001/service-points?city=350200");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ path: "districtCode", in: "path" }] });
    expect((await app.request("/v1/needs/districts?city=350200")).status).toBe(401);
  });
});
