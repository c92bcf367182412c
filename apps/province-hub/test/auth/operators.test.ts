import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorHeaders, type TestHub, testApp } from "../support/index.js";

let hub: TestHub;
let openapiPaths: Array<[string, string]>;
beforeAll(async () => {
  hub = await testApp("auth");
  const doc = (await hub.get("/openapi.json", {})).body as { paths: Record<string, Record<string, unknown>> };
  openapiPaths = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => [method.toUpperCase(), path] as [string, string]),
  );
});
afterAll(async () => hub?.close());

/** A concrete path for an OpenAPI template: {id} becomes a uuid, other parameters a number. */
const concrete = (path: string) =>
  path.replace(/\{id\}/g, "00000000-0000-4000-8000-000000000000").replace(/\{[^}]+\}/g, "1");

describe("every /v1 route needs an operator token", () => {
  it("lists the routes this lane owns in the document", () => {
    const paths = openapiPaths.map(([m, p]) => `${m} ${p}`);
    expect(paths).toEqual(expect.arrayContaining(["POST /v1/operators", "POST /v1/operators/{id}/tokens"]));
  });

  it.each([
    ["no token", {}],
    ["a malformed header", { authorization: "Token abc" }],
    ["an unknown token", { authorization: `Bearer pes_ph_${"0".repeat(43)}` }],
    ["another service's token", { authorization: `Bearer pes_cn_${"0".repeat(43)}` }],
  ])("answers 401 problem+json to %s on every route", async (_, headers) => {
    const v1 = openapiPaths.filter(([, p]) => p.startsWith("/v1/"));
    expect(v1.length).toBeGreaterThan(3);
    for (const [method, path] of v1) {
      const res = await hub.call(method, concrete(path), headers, method === "GET" ? undefined : {});
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.type).toMatch(/application\/problem\+json/);
    }
  });

  it("refuses a revoked, expired or deactivated operator's token", async () => {
    const viewer = { authorization: (await operatorHeaders(hub.db, "viewer")).authorization! };
    const hash = sql`token_hash = encode(sha256(convert_to(${viewer.authorization.slice(7)}, 'UTF8')), 'hex')`;
    expect((await hub.get("/v1/warnings", viewer)).status).toBe(200);
    await hub.db.db.execute(sql`update hub_operator_tokens set revoked_at = now() where ${hash}`);
    expect((await hub.get("/v1/warnings", viewer)).status).toBe(401);
    await hub.db.db.execute(
      sql`update hub_operator_tokens set revoked_at = null, expires_at = now() - interval '1 minute' where ${hash}`,
    );
    expect((await hub.get("/v1/warnings", viewer)).status).toBe(401);
    await hub.db.db.execute(sql`update hub_operator_tokens set expires_at = null where ${hash}`);
    expect((await hub.get("/v1/warnings", viewer)).status).toBe(200);
    await hub.db.db.execute(
      sql`update hub_operators set active = false where id = (select operator_id from hub_operator_tokens where ${hash})`,
    );
    expect((await hub.get("/v1/warnings", viewer)).status).toBe(401);
  });
});

describe("operators and tokens are an admin's", () => {
  it("refuses a viewer and an operator (403 problem+json)", async () => {
    for (const who of [hub.as.viewer, hub.as.operator]) {
      const res = await hub.post("/v1/operators", { name: "新同事", role: "viewer" }, who);
      expect(res.status).toBe(403);
      expect(res.type).toMatch(/problem\+json/);
      expect(res.body.detail).toMatch(/admin/);
    }
  });

  it("adds an operator and issues a token that works once shown, stored only as its hash", async () => {
    const added = await hub.post("/v1/operators", { name: "陈工", role: "operator" });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ name: "陈工", role: "operator", active: true });
    const issued = await hub.post(`/v1/operators/${added.body.id}/tokens`, { label: "laptop" });
    expect(issued.status).toBe(201);
    const token = String(issued.body.token);
    expect(token).toMatch(/^pes_ph_/);
    const stored = await hub.db.db.execute(sql`select token_hash from hub_operator_tokens`);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect((await hub.get("/v1/warnings", { authorization: `Bearer ${token}` })).status).toBe(200);
    // An operator is not an admin.
    expect(
      (await hub.post("/v1/operators", { name: "x", role: "admin" }, { authorization: `Bearer ${token}` }))
        .status,
    ).toBe(403);
  });

  it("answers 404 for an unknown operator and 400 for a bad role", async () => {
    expect(
      (await hub.post("/v1/operators/00000000-0000-4000-8000-000000000000/tokens", { label: "x" })).status,
    ).toBe(404);
    const bad = await hub.post("/v1/operators", { name: "x", role: "root" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain("role");
  });
});

describe("the token CLI", () => {
  const cli = fileURLToPath(new URL("../../src/cli/issue-token.ts", import.meta.url));
  const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
  const run = promisify(execFile);

  it("creates the first admin and prints a token once that the API accepts", async () => {
    const { stdout } = await run(tsx, [cli, "--admin", "林处长"], {
      env: { ...process.env, DATABASE_URL: hub.url, NODE_ENV: "test" },
    });
    const token = /token \(shown once, keep it secret\): (\S+)/.exec(stdout)?.[1];
    expect(token).toMatch(/^pes_ph_/);
    const res = await hub.post(
      "/v1/operators",
      { name: "新管理员", role: "viewer" },
      { authorization: `Bearer ${token}` },
    );
    expect(res.status).toBe(201);
  });

  it("refuses to run without exactly one of --admin and --operator", async () => {
    await expect(run(tsx, [cli], { env: { ...process.env, NODE_ENV: "test" } })).rejects.toMatchObject({
      code: 2,
    });
  });
});
