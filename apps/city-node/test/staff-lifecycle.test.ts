import { rowsOf } from "@pes/sync";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_PURPOSE, issueFromCli, parseExpiresInDays } from "../src/cli/issue.js";
import { apiTokens } from "../src/db/tables/network.js";
import { NODE_ACTOR } from "../src/use-cases/ledgers/retirement-closure.js";
import { type TestNode, testApp } from "./support/index.js";

// Issue 13 #5: an admin lists a staff member's tokens, revokes one, deactivates a staff member
// (all their tokens stop at once) and reactivates them; tokens can expire; every change is audited.

type Node = TestNode;
type Who = { headers: Record<string, string> };
let node: Node;
beforeAll(async () => {
  node = await testApp("stafflife");
});
afterAll(async () => node?.close());

async function call(
  method: string,
  path: string,
  who: Who,
  body?: unknown,
  extra: Record<string, string> = {},
) {
  const res = await node.app.request(path, {
    method,
    headers: {
      ...who.headers,
      ...extra,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    text,
    body: (text ? JSON.parse(text) : {}) as Record<string, unknown> & { items?: Record<string, unknown>[] },
  };
}

const bearerOf = (token: string): Who => ({ headers: { authorization: `Bearer ${token}` } });

/** A new clerk of 思明 with two tokens, issued through the API by the city admin. */
async function clerkWithTokens(name: string) {
  const admin = node.staff.admin;
  const created = await call("POST", "/v1/staff", admin, { name, role: "clerk", divisionCode: "350203" });
  expect(created.status).toBe(201);
  const id = String(created.body.id);
  const desk = await call("POST", `/v1/staff/${id}/tokens`, admin, { label: "desk pc" });
  const laptop = await call("POST", `/v1/staff/${id}/tokens`, admin, { label: "laptop", expiresInDays: 30 });
  expect(desk.status).toBe(201);
  expect(laptop.status).toBe(201);
  return {
    id,
    desk: bearerOf(String(desk.body.token)),
    deskToken: String(desk.body.token),
    laptop: bearerOf(String(laptop.body.token)),
  };
}

async function auditRows(entity: string, entityId: string) {
  const result = await node.db.db.execute(
    sql`select staff_id, action, purpose, request_id, at from audit_log where entity = ${entity} and entity_id = ${entityId} order by id`,
  );
  return rowsOf<{
    staff_id: string;
    action: string;
    purpose: string | null;
    request_id: string | null;
    at: Date | string;
  }>(result);
}

describe("GET /v1/staff/{id}/tokens", () => {
  it("lists a staff member's tokens with label, dates and state, never the token or its hash", async () => {
    const clerk = await clerkWithTokens("列表");
    expect((await call("GET", "/v1/node", clerk.desk)).status).toBe(200);
    const res = await call("GET", `/v1/staff/${clerk.id}/tokens`, node.staff.admin);
    expect(res.status).toBe(200);
    const items = res.body.items!;
    expect(items.map((t) => t.label)).toEqual(["desk pc", "laptop"]);
    for (const t of items) {
      expect(Object.keys(t).sort()).toEqual(
        ["createdAt", "expiresAt", "id", "label", "lastUsedAt", "revokedAt", "status"].sort(),
      );
      expect(t.status).toBe("active");
      expect(t.revokedAt).toBeNull();
    }
    expect(items[0]!.lastUsedAt).not.toBeNull();
    expect(items[1]!.lastUsedAt).toBeNull();
    // A desk token defaults to a year; the laptop's was asked for 30 days.
    const days = (t: Record<string, unknown>) =>
      (Date.parse(String(t.expiresAt)) - Date.parse(String(t.createdAt))) / 86_400_000;
    expect(Math.round(days(items[0]!))).toBe(365);
    expect(Math.round(days(items[1]!))).toBe(30);
    // No secret in the answer: neither the clear token nor its SHA-256.
    const [stored] = await node.db.db
      .select({ hash: apiTokens.tokenHash })
      .from(apiTokens)
      .where(eq(apiTokens.id, String(items[0]!.id)));
    expect(res.text).not.toContain(clerk.deskToken);
    expect(res.text).not.toContain(stored!.hash);
    expect(res.text).not.toContain("pes_cn_");
  });

  it("answers 404 for an unknown staff member", async () => {
    const res = await call("GET", "/v1/staff/00000000-0000-4000-8000-000000000001/tokens", node.staff.admin);
    expect(res.status).toBe(404);
  });
});

describe("DELETE /v1/staff/{id}/tokens/{tokenId}", () => {
  it("revokes a token: refused from the next request, the other token still works, audited", async () => {
    const clerk = await clerkWithTokens("吊销");
    expect((await call("GET", "/v1/node", clerk.desk)).status).toBe(200);
    const list = await call("GET", `/v1/staff/${clerk.id}/tokens`, node.staff.admin);
    const deskId = String(list.body.items!.find((t) => t.label === "desk pc")!.id);
    const res = await call("DELETE", `/v1/staff/${clerk.id}/tokens/${deskId}`, node.staff.admin, undefined, {
      "x-purpose": "desk pc stolen",
    });
    expect(res.status).toBe(204);
    const refused = await call("GET", "/v1/node", clerk.desk);
    expect(refused.status).toBe(401);
    expect(refused.contentType).toMatch(/problem\+json/);
    expect((await call("GET", "/v1/node", clerk.laptop)).status).toBe(200);
    const after = await call("GET", `/v1/staff/${clerk.id}/tokens`, node.staff.admin);
    const desk = after.body.items!.find((t) => t.id === deskId)!;
    expect(desk.status).toBe("revoked");
    expect(desk.revokedAt).not.toBeNull();
    // Revoking again is harmless and keeps the first revocation.
    expect((await call("DELETE", `/v1/staff/${clerk.id}/tokens/${deskId}`, node.staff.admin)).status).toBe(
      204,
    );
    const again = await call("GET", `/v1/staff/${clerk.id}/tokens`, node.staff.admin);
    expect(again.body.items!.find((t) => t.id === deskId)!.revokedAt).toBe(desk.revokedAt);
    const rows = await auditRows("api_token", deskId);
    expect(rows.map((r) => r.action)).toEqual(["create", "revoke"]);
    expect(rows[1]).toMatchObject({ staff_id: node.staff.admin.staffId, purpose: "desk pc stolen" });
  });

  it("answers 404 for a token of another staff member", async () => {
    const a = await clerkWithTokens("甲");
    const b = await clerkWithTokens("乙");
    const list = await call("GET", `/v1/staff/${a.id}/tokens`, node.staff.admin);
    const tokenOfA = String(list.body.items![0]!.id);
    const res = await call("DELETE", `/v1/staff/${b.id}/tokens/${tokenOfA}`, node.staff.admin);
    expect(res.status).toBe(404);
    expect((await call("GET", "/v1/node", a.desk)).status).toBe(200);
  });
});

describe("PATCH /v1/staff/{id}", () => {
  it("deactivates a staff member: all their tokens are refused at once; reactivation restores them", async () => {
    const clerk = await clerkWithTokens("停用");
    expect((await call("GET", "/v1/node", clerk.desk)).status).toBe(200);
    const off = await call(
      "PATCH",
      `/v1/staff/${clerk.id}`,
      node.staff.admin,
      { active: false },
      {
        "x-purpose": "left the service",
      },
    );
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ id: clerk.id, active: false, role: "clerk" });
    expect((await call("GET", "/v1/node", clerk.desk)).status).toBe(401);
    expect((await call("GET", "/v1/node", clerk.laptop)).status).toBe(401);
    // No new token for someone deactivated.
    const issue = await call("POST", `/v1/staff/${clerk.id}/tokens`, node.staff.admin, { label: "x" });
    expect(issue.status).toBe(409);

    const on = await call("PATCH", `/v1/staff/${clerk.id}`, node.staff.admin, { active: true });
    expect(on.status).toBe(200);
    expect(on.body.active).toBe(true);
    expect((await call("GET", "/v1/node", clerk.desk)).status).toBe(200);
    expect((await call("GET", "/v1/node", clerk.laptop)).status).toBe(200);

    const rows = await auditRows("staff", clerk.id);
    expect(rows.map((r) => r.action)).toEqual(["create", "deactivate", "reactivate"]);
    expect(rows[1]).toMatchObject({ staff_id: node.staff.admin.staffId, purpose: "left the service" });
    expect(rows[1]!.request_id).toBeTruthy();
  });

  it("refuses an admin deactivating themself (409), and they keep working", async () => {
    const admin = node.staff.admin;
    const res = await call("PATCH", `/v1/staff/${admin.staffId}`, admin, { active: false });
    expect(res.status).toBe(409);
    expect(res.body.type).toBe("urn:pes:problem:staff-self-deactivation");
    expect((await call("GET", "/v1/node", admin)).status).toBe(200);
    expect(await auditRows("staff", admin.staffId)).toEqual([]);
  });

  it("answers 404 for an unknown staff member and 400 for an empty patch", async () => {
    const admin = node.staff.admin;
    expect(
      (await call("PATCH", "/v1/staff/00000000-0000-4000-8000-000000000001", admin, { active: false }))
        .status,
    ).toBe(404);
    const clerk = await clerkWithTokens("空");
    expect((await call("PATCH", `/v1/staff/${clerk.id}`, admin, {})).status).toBe(400);
  });
});

describe("token expiry", () => {
  it("refuses an expired token with 401 saying it expired, and nothing more", async () => {
    const clerk = await clerkWithTokens("过期");
    const list = await call("GET", `/v1/staff/${clerk.id}/tokens`, node.staff.admin);
    const laptopId = String(list.body.items!.find((t) => t.label === "laptop")!.id);
    await node.db.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(apiTokens.id, laptopId));
    const res = await call("GET", "/v1/node", clerk.laptop);
    expect(res.status).toBe(401);
    expect(res.contentType).toMatch(/problem\+json/);
    expect(res.body.type).toBe("urn:pes:problem:token-expired");
    expect(res.text).not.toContain(clerk.id);
    expect(res.text).not.toContain(laptopId);
    expect(res.text).not.toContain("过期");
    expect((await call("GET", "/v1/node", clerk.desk)).status).toBe(200);
    const after = await call("GET", `/v1/staff/${clerk.id}/tokens`, node.staff.admin);
    expect(after.body.items!.find((t) => t.id === laptopId)!.status).toBe("expired");
  });

  it("says nothing about expiry for a revoked or deactivated token: it is just invalid", async () => {
    const clerk = await clerkWithTokens("过期吊销");
    await node.db.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 60_000), revokedAt: new Date() })
      .where(eq(apiTokens.staffId, clerk.id));
    const res = await call("GET", "/v1/node", clerk.desk);
    expect(res.status).toBe(401);
    expect(res.body.type).toBe("urn:pes:problem:invalid-token");
  });

  it("takes expiresAt, refuses an expiry in the past and both fields at once", async () => {
    const clerk = await clerkWithTokens("到期");
    const at = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const ok = await call("POST", `/v1/staff/${clerk.id}/tokens`, node.staff.admin, {
      label: "week",
      expiresAt: at,
    });
    expect(ok.status).toBe(201);
    const list = await call("GET", `/v1/staff/${clerk.id}/tokens`, node.staff.admin);
    expect(Date.parse(String(list.body.items!.find((t) => t.label === "week")!.expiresAt))).toBe(
      Date.parse(at),
    );
    const past = await call("POST", `/v1/staff/${clerk.id}/tokens`, node.staff.admin, {
      label: "past",
      expiresAt: "2020-01-01T00:00:00+08:00",
    });
    expect(past.status).toBe(422);
    const both = await call("POST", `/v1/staff/${clerk.id}/tokens`, node.staff.admin, {
      label: "both",
      expiresAt: at,
      expiresInDays: 3,
    });
    expect(both.status).toBe(400);
    expect(
      (await call("POST", `/v1/staff/${clerk.id}/tokens`, node.staff.admin, { label: "z", expiresInDays: 0 }))
        .status,
    ).toBe(400);
  });
});

describe("only a city admin manages staff", () => {
  it("refuses clerks and supervisors (403) on every lifecycle route, and changes nothing", async () => {
    const clerk = await clerkWithTokens("权限");
    const list = await call("GET", `/v1/staff/${clerk.id}/tokens`, node.staff.admin);
    const tokenId = String(list.body.items![0]!.id);
    for (const who of [node.staff.simingClerk, node.staff.simingSupervisor, clerk.desk]) {
      expect((await call("GET", `/v1/staff/${clerk.id}/tokens`, who)).status).toBe(403);
      expect((await call("DELETE", `/v1/staff/${clerk.id}/tokens/${tokenId}`, who)).status).toBe(403);
      expect((await call("PATCH", `/v1/staff/${clerk.id}`, who, { active: false })).status).toBe(403);
      expect((await call("POST", `/v1/staff/${clerk.id}/tokens`, who, { label: "mine" })).status).toBe(403);
    }
    expect((await call("GET", "/v1/node", clerk.desk)).status).toBe(200);
    expect((await call("GET", "/v1/node", clerk.laptop)).status).toBe(200);
  });

  it("answers 401 without a token", async () => {
    const res = await node.app.request("/v1/staff/00000000-0000-4000-8000-000000000001/tokens");
    expect(res.status).toBe(401);
  });
});

describe("audit", () => {
  it("records who added a staff member and issued a token, when and why", async () => {
    const before = Date.now();
    const created = await call(
      "POST",
      "/v1/staff",
      node.staff.admin,
      { name: "审计", role: "clerk", divisionCode: "350203" },
      { "x-purpose": "new hire" },
    );
    const id = String(created.body.id);
    await call(
      "POST",
      `/v1/staff/${id}/tokens`,
      node.staff.admin,
      { label: "desk" },
      { "x-purpose": "first day" },
    );
    const [staffRow] = await auditRows("staff", id);
    expect(staffRow).toMatchObject({
      action: "create",
      staff_id: node.staff.admin.staffId,
      purpose: "new hire",
    });
    expect(new Date(staffRow!.at).getTime()).toBeGreaterThanOrEqual(before - 5_000);
    const list = await call("GET", `/v1/staff/${id}/tokens`, node.staff.admin);
    const rows = await auditRows("api_token", String(list.body.items![0]!.id));
    expect(rows).toEqual([expect.objectContaining({ action: "create", purpose: "first day" })]);
  });
});

describe("the token CLI", () => {
  it("bootstraps a city admin whose token never expires, audited as the node", async () => {
    const issued = await issueFromCli(node.db.db, "350200", { admin: "王主任" });
    expect(issued).toMatchObject({ created: true, expiresAt: null });
    const admin = bearerOf(issued.token);
    expect((await call("GET", "/v1/node", admin)).status).toBe(200);
    const list = await call("GET", `/v1/staff/${issued.staffId}/tokens`, admin);
    expect(list.body.items).toEqual([
      expect.objectContaining({ label: "cli", expiresAt: null, status: "active" }),
    ]);
    expect(await auditRows("staff", issued.staffId)).toEqual([
      expect.objectContaining({ action: "create", staff_id: NODE_ACTOR, purpose: CLI_PURPOSE }),
    ]);
    expect(await auditRows("api_token", issued.tokenId)).toEqual([
      expect.objectContaining({ action: "create", staff_id: NODE_ACTOR, purpose: CLI_PURPOSE }),
    ]);
  });

  it("issues a token for a staff member with --expires-in-days, refused once expired", async () => {
    const clerk = await clerkWithTokens("命令行");
    const now = new Date();
    const issued = await issueFromCli(
      node.db.db,
      "350200",
      { staffId: clerk.id, label: "kiosk", expiresInDays: 7 },
      now,
    );
    expect(issued.expiresAt!.getTime() - now.getTime()).toBe(7 * 86_400_000);
    expect((await call("GET", "/v1/node", bearerOf(issued.token))).status).toBe(200);
    await node.db.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(apiTokens.id, issued.tokenId));
    const res = await call("GET", "/v1/node", bearerOf(issued.token));
    expect(res.status).toBe(401);
    expect(res.body.type).toBe("urn:pes:problem:token-expired");
  });

  it("refuses a deactivated or unknown staff member and a bad --expires-in-days", async () => {
    const clerk = await clerkWithTokens("命令行停用");
    await call("PATCH", `/v1/staff/${clerk.id}`, node.staff.admin, { active: false });
    await expect(issueFromCli(node.db.db, "350200", { staffId: clerk.id })).rejects.toThrow(/deactivated/);
    await expect(issueFromCli(node.db.db, "350200", { staffId: "nobody" })).rejects.toThrow(/UUID/);
    expect(parseExpiresInDays(undefined)).toBeUndefined();
    expect(parseExpiresInDays("90")).toBe(90);
    for (const bad of ["0", "-1", "1.5", "abc", "3651"]) expect(() => parseExpiresInDays(bad)).toThrow();
  });
});

describe("OpenAPI", () => {
  it("documents the lifecycle routes", async () => {
    const res = await node.app.request("/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths["/v1/staff/{id}/tokens"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/v1/staff/{id}/tokens/{tokenId}"] ?? {})).toEqual(["delete"]);
    expect(Object.keys(doc.paths["/v1/staff/{id}"] ?? {})).toEqual(["patch"]);
  });
});
