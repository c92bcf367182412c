import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestHub, testApp } from "../support/index.js";

let hub: TestHub;
beforeAll(async () => {
  hub = await testApp("operator_admin");
});
afterAll(async () => hub?.close());

const UNKNOWN = "00000000-0000-4000-8000-000000000000";
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A new operator through the API, with one token per label. */
async function addOperator(role: "viewer" | "operator" | "admin", ...labels: string[]) {
  const added = await hub.post("/v1/operators", { name: `${role}-${labels.join("-")}`, role });
  expect(added.status).toBe(201);
  const tokens: Record<string, { authorization: string }> = {};
  for (const label of labels) {
    const issued = await hub.post(`/v1/operators/${added.body.id}/tokens`, { label });
    tokens[label] = bearer(issued.body.token);
  }
  return { id: String(added.body.id), tokens };
}

async function listed(id: string) {
  const res = await hub.get("/v1/operators", hub.as.admin);
  expect(res.status).toBe(200);
  return res.body.items.find((o: { id: string }) => o.id === id);
}

describe("GET /v1/operators", () => {
  it("lists operators oldest first with their tokens, never a hash", async () => {
    const { id, tokens } = await addOperator("operator", "laptop", "phone");
    const res = await hub.get("/v1/operators", hub.as.admin);
    expect(res.status).toBe(200);
    const created = res.body.items.map((o: { createdAt: string }) => o.createdAt);
    expect(created).toEqual([...created].sort());
    expect(res.body.items.map((o: { role: string }) => o.role).slice(0, 3)).toEqual([
      "viewer",
      "operator",
      "admin",
    ]);
    const mine = res.body.items.find((o: { id: string }) => o.id === id);
    expect(mine).toMatchObject({ name: "operator-laptop-phone", role: "operator", active: true });
    expect(mine.tokens).toEqual([
      {
        id: expect.any(String),
        label: "laptop",
        createdAt: expect.any(String),
        expiresAt: null,
        revokedAt: null,
      },
      {
        id: expect.any(String),
        label: "phone",
        createdAt: expect.any(String),
        expiresAt: null,
        revokedAt: null,
      },
    ]);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/hash/i);
    expect(text).not.toContain(tokens.laptop!.authorization.slice(7));
  });
});

describe("DELETE /v1/operators/{id}/tokens/{tokenId}", () => {
  it("revokes one token: it gets 401 on every /v1 route, the other still works", async () => {
    const { id, tokens } = await addOperator("admin", "old", "new");
    const old = (await listed(id)).tokens.find((t: { label: string }) => t.label === "old");
    expect((await hub.get("/v1/operators", tokens.old)).status).toBe(200);

    const res = await hub.call("DELETE", `/v1/operators/${id}/tokens/${old.id}`, hub.as.admin);
    expect(res.status).toBe(204);
    const doc = (await hub.get("/openapi.json", {})).body as { paths: Record<string, object> };
    const v1 = Object.entries(doc.paths).filter(([p]) => p.startsWith("/v1/"));
    for (const [path, ops] of v1) {
      for (const method of Object.keys(ops)) {
        const concrete = path.replace(/\{id\}/g, id).replace(/\{[^}]+\}/g, "1");
        const r = await hub.call(
          method.toUpperCase(),
          concrete,
          tokens.old!,
          method === "get" ? undefined : {},
        );
        expect(r.status, `${method} ${path}`).toBe(401);
      }
    }
    expect((await hub.get("/v1/operators", tokens.new)).status).toBe(200);

    const revokedAt = (await listed(id)).tokens.find((t: { id: string }) => t.id === old.id).revokedAt;
    expect(revokedAt).toEqual(expect.any(String));
    // Revoking again is harmless and keeps the first time.
    expect((await hub.call("DELETE", `/v1/operators/${id}/tokens/${old.id}`, hub.as.admin)).status).toBe(204);
    expect((await listed(id)).tokens.find((t: { id: string }) => t.id === old.id).revokedAt).toBe(revokedAt);
  });

  it("answers 404 problem+json when the token is not that operator's", async () => {
    const a = await addOperator("viewer", "a");
    const b = await addOperator("viewer", "b");
    const tokenOfB = (await listed(b.id)).tokens[0].id;
    for (const path of [
      `/v1/operators/${a.id}/tokens/${tokenOfB}`,
      `/v1/operators/${a.id}/tokens/${UNKNOWN}`,
      `/v1/operators/${UNKNOWN}/tokens/${tokenOfB}`,
    ]) {
      const res = await hub.call("DELETE", path, hub.as.admin);
      expect(res.status, path).toBe(404);
      expect(res.type).toMatch(/problem\+json/);
    }
    expect((await hub.get("/v1/warnings", b.tokens.b!)).status).toBe(200);
  });
});

describe("PATCH /v1/operators/{id}", () => {
  it("changes the role, and a deactivated operator's token gets 401 until reactivated", async () => {
    const { id, tokens } = await addOperator("operator", "t");
    const demoted = await hub.call("PATCH", `/v1/operators/${id}`, hub.as.admin, { role: "viewer" });
    expect(demoted.status).toBe(200);
    expect(demoted.body).toEqual({ id, name: "operator-t", role: "viewer", active: true });
    expect((await hub.post("/v1/dead-letters/0/1/replay", {}, tokens.t)).status).toBe(403);

    const off = await hub.call("PATCH", `/v1/operators/${id}`, hub.as.admin, { active: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ active: false, role: "viewer" });
    expect((await hub.get("/v1/warnings", tokens.t)).status).toBe(401);

    await hub.call("PATCH", `/v1/operators/${id}`, hub.as.admin, { active: true, role: "admin" });
    expect((await hub.get("/v1/operators", tokens.t)).status).toBe(200);
  });

  it.each([
    ["an empty body", {}, "(root)", /at least one of active and role/],
    ["an unknown role", { role: "root" }, "role", /.+/],
    ["a non-boolean active", { active: "no" }, "active", /boolean/],
  ])("answers 400 problem+json with the field path to %s", async (_, body, path, message) => {
    const res = await hub.call("PATCH", `/v1/operators/${UNKNOWN}`, hub.as.admin, body);
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toContainEqual({ path, in: "body", message: expect.stringMatching(message) });
  });

  it("answers 404 problem+json for an unknown operator", async () => {
    const res = await hub.call("PATCH", `/v1/operators/${UNKNOWN}`, hub.as.admin, { active: false });
    expect(res.status).toBe(404);
    expect(res.type).toMatch(/problem\+json/);
  });

  it("refuses (409) an admin deactivating or demoting themself, who stays an admin", async () => {
    const me = await addOperator("admin", "me");
    for (const body of [{ active: false }, { role: "operator" }, { role: "viewer", active: true }]) {
      const res = await hub.call("PATCH", `/v1/operators/${me.id}`, me.tokens.me!, body);
      expect(res.status, JSON.stringify(body)).toBe(409);
      expect(res.type).toMatch(/problem\+json/);
    }
    expect(await listed(me.id)).toMatchObject({ role: "admin", active: true });
    // Another admin may still do it.
    expect((await hub.call("PATCH", `/v1/operators/${me.id}`, hub.as.admin, { active: false })).status).toBe(
      200,
    );
  });
});

describe("only an admin manages operators", () => {
  it("refuses a viewer and an operator (403 problem+json) on each route", async () => {
    const { id } = await addOperator("viewer", "x");
    const tokenId = (await listed(id)).tokens[0].id;
    for (const who of [hub.as.viewer, hub.as.operator]) {
      for (const [method, path, body] of [
        ["GET", "/v1/operators", undefined],
        ["PATCH", `/v1/operators/${id}`, { active: false }],
        ["DELETE", `/v1/operators/${id}/tokens/${tokenId}`, undefined],
      ] as const) {
        const res = await hub.call(method, path, who, body);
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(res.type).toMatch(/problem\+json/);
      }
    }
    expect(await listed(id)).toMatchObject({ active: true, tokens: [{ revokedAt: null }] });
  });
});
