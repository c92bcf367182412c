import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodies, CREDIT_CODE, idNumber, type LedgerNode, ledgerNode, personBlock } from "./support/index.js";

let node: LedgerNode;
/** Records of a 思明 person, for the routes that read or change one. */
let siming: { personId: string; recognitionId: string; idNumber: string };
beforeAll(async () => {
  node = await ledgerNode("ledgersec");
  const id = idNumber();
  const personId = await node.registeredUnemployed(id);
  const applied = await node.post("/v1/difficulty-recognitions", bodies.difficulty(personBlock(id)));
  siming = { personId, recognitionId: String(applied.body.id), idNumber: id };
});
afterAll(async () => node?.close());

const badCheckChar = (id: string) => id.slice(0, 17) + (id[17] === "1" ? "2" : "1");
const without = (o: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));
type Body = Record<string, unknown> & { person: ReturnType<typeof personBlock> };
const withPerson = (b: Body, change: Partial<ReturnType<typeof personBlock>>) => ({
  ...b,
  person: { ...b.person, ...change },
});

/** Every new POST route about a person: its path, a valid body, and the ledger table it writes. */
const personRoutes: Array<{
  path: string;
  body: () => Body;
  table: string;
  date: string;
  required: string;
  text: string;
  max: number;
  fill?: string;
}> = [
  {
    path: "/v1/job-seeker-registrations",
    body: bodies.jobSeeker,
    table: "job_seeker_registrations",
    date: "registeredOn",
    required: "education",
    text: "residenceAddress",
    max: 200,
  },
  {
    path: "/v1/key-group-memberships",
    body: bodies.keyGroup,
    table: "key_group_memberships",
    date: "startedOn",
    required: "source",
    text: "note",
    max: 200,
  },
  {
    path: "/v1/difficulty-recognitions",
    body: bodies.difficulty,
    table: "difficulty_recognitions",
    date: "appliedOn",
    required: "categories",
    text: "servicePointId",
    max: 64,
    fill: "a",
  },
  {
    path: "/v1/zero-employment-families",
    body: bodies.family,
    table: "zero_employment_families",
    date: "identifiedOn",
    required: "urbanResident",
    text: "householdAddress",
    max: 200,
  },
  {
    path: "/v1/service-records",
    body: bodies.service,
    table: "service_records",
    date: "servedAt",
    required: "serviceType",
    text: "note",
    max: 500,
  },
  {
    path: "/v1/training-records",
    body: bodies.training,
    table: "training_records",
    date: "enrolledOn",
    required: "course",
    text: "course",
    max: 100,
  },
  {
    path: "/v1/ratings",
    body: bodies.rating,
    table: "service_ratings",
    date: "ratedAt",
    required: "category",
    text: "comment",
    max: 500,
  },
];

/** Nothing written, published or audited as a change; a refused attempt's `deny` audit row is allowed. */
async function expectNothingWritten(table: string, request: () => Promise<void>) {
  const tables = ["pes_outbox", "persons", "audit_log where action <> 'deny'", table];
  const before = await node.counts(tables);
  await request();
  expect(await node.counts(tables)).toEqual(before);
}

describe("bad input on every new route is answered 400 with the field, and nothing is written", () => {
  const cases = personRoutes.flatMap((r) => {
    const malformed = r.date === "servedAt" || r.date === "ratedAt" ? "2025-10-15 10:00" : "2025-13-01";
    return [
      [
        r.path,
        "an ID number with a wrong check character",
        () => withPerson(r.body(), { idNumber: badCheckChar(r.body().person.idNumber) }),
        "person.idNumber",
        r.table,
      ],
      [
        r.path,
        "an unknown division code",
        () => withPerson(r.body(), { divisionCode: "350299001001" }),
        "person.divisionCode",
        r.table,
      ],
      [r.path, "a malformed date", () => ({ ...r.body(), [r.date]: malformed }), r.date, r.table],
      [r.path, "a missing required field", () => without(r.body(), r.required), r.required, r.table],
      [
        r.path,
        "an oversize string",
        () => ({ ...r.body(), [r.text]: (r.fill ?? "厦").repeat(r.max + 1) }),
        r.text,
        r.table,
      ],
    ] as const;
  });
  const vacancy = bodies.vacancy();
  const vacancyCases = [
    [
      "a mistyped credit code",
      { ...vacancy, employer: { ...vacancy.employer, creditCode: badCheckChar(CREDIT_CODE) } },
      "employer.creditCode",
    ],
    ["an unknown division code", { ...vacancy, divisionCode: "350299001" }, "divisionCode"],
    ["a malformed date", { ...vacancy, registeredOn: "2025-13-01" }, "registeredOn"],
    ["a missing required field", without(vacancy, "employer"), "employer"],
    [
      "an oversize string",
      { ...vacancy, employer: { ...vacancy.employer, name: "厦".repeat(201) } },
      "employer.name",
    ],
  ] as const;
  const decideCases = [
    ["a malformed date", { decision: "recognise", decidedOn: "2025-02-30" }, "decidedOn"],
    ["a missing required field", { reason: "x" }, "decision"],
    ["an oversize string", { decision: "refuse", reason: "理".repeat(501) }, "reason"],
  ] as const;

  it.each(cases)("%s: %s", async (path, _, body, field, table) => {
    await expectNothingWritten(table, async () => {
      const res = await node.post(path, body());
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body).toMatchObject({ status: 400, type: "urn:pes:problem:validation" });
      expect(res.body.errors!.map((e) => e.path)).toContain(field);
    });
  });

  it.each(vacancyCases)("/v1/vacancy-registrations: %s", async (_, body, field) => {
    await expectNothingWritten("vacancy_registrations", async () => {
      const res = await node.post("/v1/vacancy-registrations", body);
      expect(res.status).toBe(400);
      expect(res.body.errors!.map((e) => e.path)).toContain(field);
    });
  });

  it.each(decideCases)("/v1/difficulty-recognitions/{id}/decide: %s", async (_, body, field) => {
    await expectNothingWritten("key_group_memberships", async () => {
      const res = await node.post(
        `/v1/difficulty-recognitions/${siming.recognitionId}/decide`,
        body,
        node.staff.simingSupervisor,
      );
      expect(res.status).toBe(400);
      expect(res.body.errors!.map((e) => e.path)).toContain(field);
    });
  });

  it("checks each member of a family: a member's ID number with a wrong check character", async () => {
    const body = bodies.family();
    body.members[1]!.person.idNumber = badCheckChar(body.members[1]!.person.idNumber);
    const res = await node.post("/v1/zero-employment-families", body);
    expect(res.status).toBe(400);
    expect(res.body.errors!.map((e) => e.path)).toContain("members.1.person.idNumber");
  });

  it("checks the path parameters (400)", async () => {
    expect((await node.get("/v1/persons/not-a-uuid/key-groups")).status).toBe(400);
    expect((await node.get("/v1/commitment-131/persons/not-a-uuid")).status).toBe(400);
    expect((await node.get("/v1/commitment-131/service-points/no%20spaces")).status).toBe(400);
    expect(
      (
        await node.post(
          "/v1/difficulty-recognitions/not-a-uuid/decide",
          { decision: "recognise" },
          node.staff.simingSupervisor,
        )
      ).status,
    ).toBe(400);
  });
});

// That every route needs a staff token, and a refused request writes nothing, is checked on every
// route of /openapi.json by access.test.ts.
describe("every new route acts only within the caller's jurisdiction", () => {
  it.each(personRoutes.map((r) => [r.path, r] as const))(
    "refuses a clerk of another district on %s (404, existence not revealed), writing nothing",
    async (path, r) => {
      await expectNothingWritten(r.table, async () => {
        const res = await node.post(path, r.body(), node.staff.huliClerk);
        expect(res.status, JSON.stringify(res.body)).toBe(404);
      });
    },
  );

  it("refuses a clerk of another district on the vacancy (403), and answers the read and 131 routes and a supervisor of another district's decision 404", async () => {
    await expectNothingWritten("vacancy_registrations", async () => {
      expect(
        (await node.post("/v1/vacancy-registrations", bodies.vacancy(), node.staff.huliClerk)).status,
      ).toBe(403);
    });
    const huli = node.staff.huliClerk;
    expect((await node.get(`/v1/persons/${siming.personId}/key-groups`, huli)).status).toBe(404);
    expect((await node.get(`/v1/commitment-131/persons/${siming.personId}`, huli)).status).toBe(404);
    expect((await node.get("/v1/commitment-131/service-points/sp-siming-01", huli)).status).toBe(404);
    await expectNothingWritten("key_group_memberships", async () => {
      const decide = `/v1/difficulty-recognitions/${siming.recognitionId}/decide`;
      expect((await node.post(decide, { decision: "recognise" }, node.staff.huliSupervisor)).status).toBe(
        404,
      );
      // A clerk is refused by role (403) before any record is looked up.
      expect((await node.post(decide, { decision: "recognise" }, huli)).status).toBe(403);
    });
    // Within the jurisdiction, the same reads succeed.
    expect(
      (await node.get(`/v1/persons/${siming.personId}/key-groups`, node.staff.simingSupervisor)).status,
    ).toBe(200);
  });

  it.each(personRoutes.map((r) => [r.path, r] as const))(
    "refuses a person of another city on %s (422, person.divisionCode), writing nothing",
    async (path, r) => {
      await expectNothingWritten(r.table, async () => {
        const res = await node.post(
          path,
          withPerson(r.body(), { divisionCode: "350582001001" }),
          node.staff.admin,
        );
        expect(res.status).toBe(422);
        expect(res.body.errors!.map((e) => e.path)).toContain("person.divisionCode");
      });
    },
  );

  it("refuses an employer of another city (422, divisionCode), writing nothing", async () => {
    await expectNothingWritten("vacancy_registrations", async () => {
      const res = await node.post("/v1/vacancy-registrations", bodies.vacancy("350582001"), node.staff.admin);
      expect(res.status).toBe(422);
      expect(res.body.errors!.map((e) => e.path)).toContain("divisionCode");
    });
  });
});

describe("personal data", () => {
  it("is encrypted at rest in every new ledger table and the audit log", async () => {
    const id = idNumber();
    const spouse = idNumber("1991-06-18", false);
    const person = { ...personBlock(id), name: "林秀英", phone: "13911112222" };
    await node.registeredUnemployed(id);
    for (const [path, body] of [
      ["/v1/job-seeker-registrations", bodies.jobSeeker(person)],
      [
        "/v1/key-group-memberships",
        { ...bodies.keyGroup(person), group: "veteran", source: "veterans-affairs" },
      ],
      ["/v1/difficulty-recognitions", bodies.difficulty(person)],
      ["/v1/zero-employment-families", bodies.family(person, spouse)],
      ["/v1/service-records", bodies.service(person)],
      ["/v1/training-records", bodies.training(person)],
      ["/v1/ratings", bodies.rating(person)],
    ] as const) {
      const res = await node.post(path, body);
      expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(201);
    }
    for (const table of [
      ...personRoutes.map((r) => r.table),
      "zero_employment_family_members",
      "persons",
      "audit_log",
    ]) {
      const hits = await node.rows<{ n: number }>(
        `select count(*)::int as n from ${table} t where t::text like '%${id.slice(0, 17)}%' or t::text like '%${spouse.slice(0, 17)}%' or t::text like '%林秀英%' or t::text like '%13911112222%'`,
      );
      expect(hits[0]!.n, table).toBe(0);
    }
  });
});
