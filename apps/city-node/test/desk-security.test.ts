import { createLogger } from "@pes/http";
import { rowsOf } from "@pes/sync";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { application, idNumber, type TestNode, testApp } from "./support/index.js";

type Node = TestNode;
let node: Node;
let registrationId: string;
beforeAll(async () => {
  node = await testApp("desksec");
  registrationId = String((await node.post("/v1/unemployment-registrations", application())).body.id);
});
afterAll(async () => node?.close());

const withId = (id: string) => {
  const last = id[17] === "1" ? "2" : "1";
  return id.slice(0, 17) + last;
};

describe("bad input is answered 400 with the field, and nothing is written", () => {
  const base = application();
  const cases: Array<[string, Record<string, unknown>, string]> = [
    [
      "an ID number with a wrong check character",
      { ...base, person: { ...base.person, idNumber: withId(base.person.idNumber) } },
      "person.idNumber",
    ],
    [
      "an unknown division code",
      { ...base, person: { ...base.person, divisionCode: "350299001001" } },
      "person.divisionCode",
    ],
    ["a malformed date", { ...base, appliedOn: "2025-13-01" }, "appliedOn"],
    [
      "a missing field",
      Object.fromEntries(Object.entries(base).filter(([k]) => k !== "placeBasis")),
      "placeBasis",
    ],
    ["an oversize string", { ...base, residenceAddress: "厦".repeat(201) }, "residenceAddress"],
    ["a wrong type", { ...base, ableToWork: "yes" }, "ableToWork"],
    ["a malformed phone", { ...base, person: { ...base.person, phone: "12345" } }, "person.phone"],
  ];
  it.each(cases)("%s", async (_, body, field) => {
    const outbox = await node.count("pes_outbox");
    const persons = await node.count("persons");
    const res = await node.post("/v1/unemployment-registrations", body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, type: "urn:pes:problem:validation" });
    expect(res.body.errors!.map((e) => e.path)).toContain(field);
    expect(await node.count("pes_outbox")).toBe(outbox);
    expect(await node.count("persons")).toBe(persons);
  });

  it("answers malformed JSON with 400 problem+json", async () => {
    const res = await node.app.request("/v1/unemployment-registrations", {
      method: "POST",
      headers: { ...node.staff.simingClerk.headers, "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
  });
});

// That every route needs a staff token (401 without one, or with a malformed, unknown or other
// service's token) is checked on every route of /openapi.json by access.test.ts.
describe("a clerk acts only within their jurisdiction", () => {
  it("answers a clerk of another district 404 on every person route (existence not revealed)", async () => {
    const huli = node.staff.huliClerk;
    expect((await node.post("/v1/unemployment-registrations", application(), huli)).status).toBe(404);
    expect((await node.get(`/v1/unemployment-registrations/${registrationId}`, huli)).status).toBe(404);
    expect(
      (await node.post(`/v1/unemployment-registrations/${registrationId}/register`, {}, huli)).status,
    ).toBe(404);
    expect(
      (await node.post(`/v1/unemployment-registrations/${registrationId}/close`, { reason: "other" }, huli))
        .status,
    ).toBe(404);
    const employment = await node.post(
      "/v1/employment-registrations",
      {
        person: application().person,
        form: "flexible",
        address: "思明",
        position: "骑手",
        workingHours: { hoursPerWeek: 40 },
        monthlyIncomeFen: 1,
        startedOn: "2025-10-01",
      },
      huli,
    );
    expect(employment.status).toBe(404);
  });

  it("lets the district supervisor in, and refuses a person of another city (422)", async () => {
    expect(
      (await node.get(`/v1/unemployment-registrations/${registrationId}`, node.staff.simingSupervisor))
        .status,
    ).toBe(200);
    const quanzhou = application();
    quanzhou.person.divisionCode = "350582001001";
    const res = await node.post("/v1/unemployment-registrations", quanzhou, node.staff.admin);
    expect(res.status).toBe(422);
    expect(res.body.errors!.map((e) => e.path)).toContain("person.divisionCode");
  });

  it("keeps the admin resources to city admins", async () => {
    const res = await node.post("/v1/staff", { name: "新同事", role: "clerk", divisionCode: "350203" });
    expect(res.status).toBe(403);
    const ok = await node.post(
      "/v1/staff",
      { name: "新同事", role: "clerk", divisionCode: "350203" },
      node.staff.admin,
    );
    expect(ok.status).toBe(201);
    const token = await node.post(`/v1/staff/${ok.body.id}/tokens`, { label: "desk pc" }, node.staff.admin);
    expect(String(token.body.token)).toMatch(/^pes_cn_/);
    const newcomer = { headers: { authorization: `Bearer ${token.body.token}` } };
    expect((await node.get("/v1/node", newcomer)).status).toBe(200);
  });
});

describe("personal data", () => {
  it("is encrypted at rest: no clear ID number, name or phone in any ledger table", async () => {
    const id = idNumber();
    const res = await node.post("/v1/unemployment-registrations", application(id));
    expect(res.status).toBe(201);
    for (const table of ["persons", "unemployment_registrations", "audit_log"]) {
      const hits = await node.db.db.execute(
        sql.raw(
          `select count(*)::int as n from ${table} t where t::text like '%${id}%' or t::text like '%陈明%' or t::text like '%13800001234%'`,
        ),
      );
      const n = rowsOf<{ n: number }>(hits)[0]!.n;
      expect(n, table).toBe(0);
    }
  });

  it("never reaches a log line, whatever the request does", async () => {
    // A node that logs every request at info level, whatever PES_LOG_LEVEL this run has.
    const logged = await testApp("desklog", { logger: createLogger("city-node", { level: "info" }) });
    const id = idNumber();
    const written: string[] = [];
    const capture = (stream: NodeJS.WriteStream) =>
      vi.spyOn(stream, "write").mockImplementation((chunk: unknown) => {
        written.push(String(chunk));
        return true;
      });
    const spies = [capture(process.stdout), capture(process.stderr)];
    try {
      expect((await logged.post("/v1/unemployment-registrations", application(id))).status).toBe(201);
      expect((await logged.post("/v1/unemployment-registrations", application(id))).status).toBe(409);
      expect((await logged.post("/v1/unemployment-registrations", application(withId(id)))).status).toBe(400);
      expect(
        (await logged.post("/v1/unemployment-registrations", application(id), logged.staff.huliClerk)).status,
      ).toBe(404);
    } finally {
      for (const s of spies) s.mockRestore();
      await logged.close();
    }
    const lines = written.join("").split("\n").filter(Boolean);
    expect(lines.filter((l) => l.includes('"msg":"request"'))).toHaveLength(4);
    for (const line of lines) expect(line).not.toContain(id.slice(0, 17));
  });
});

describe("the service network", () => {
  it("loads streets and communities of the city (city admin), lists them to any staff, and refuses another city's", async () => {
    const body = {
      divisions: [
        { code: "350203001", name: "鹭江街道" },
        { code: "350203001001", name: "营平社区" },
      ],
    };
    expect(
      (
        await node.app.request("/v1/divisions", {
          method: "PUT",
          headers: { ...node.staff.simingClerk.headers, "content-type": "application/json" },
          body: JSON.stringify(body),
        })
      ).status,
    ).toBe(403);
    const put = await node.app.request("/v1/divisions", {
      method: "PUT",
      headers: { ...node.staff.admin.headers, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(put.status).toBe(200);
    const list = await node.get("/v1/divisions");
    const items = list.body.items as { code: string; level: string; parentCode: string | null }[];
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: "350203", level: "district" }),
        expect.objectContaining({ code: "350203001", level: "street", parentCode: "350203" }),
        expect.objectContaining({ code: "350203001001", level: "community", parentCode: "350203001" }),
      ]),
    );
    expect(items.some((d) => d.code === "350582")).toBe(false);
    const foreign = await node.app.request("/v1/divisions", {
      method: "PUT",
      headers: { ...node.staff.admin.headers, "content-type": "application/json" },
      body: JSON.stringify({ divisions: [{ code: "350582001", name: "青阳街道" }] }),
    });
    expect(foreign.status).toBe(422);
  });
});
