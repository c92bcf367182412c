import { waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMarket } from "../src/use-cases/markets/store.js";
import { bearer, type GigApp, type Headers, rows, testApp } from "./support/index.js";

let gig: GigApp;
beforeAll(async () => {
  gig = await testApp("keys");
});
afterAll(async () => gig?.close());

const UNKNOWN = "00000000-0000-4000-8000-000000000000";

interface Key {
  id: string;
  label: string;
  prefix: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  current: boolean;
}

/** A market of its own, so rotation and revocation leave the other tests' keys alone. */
async function freshMarket(id: string): Promise<Headers> {
  const issued = await createMarket(
    { db: gig.db.db },
    { id, name: id, cityCode: "350200", districtCode: "350206" },
  );
  return bearer(issued!.key);
}

async function keysOf(headers: Headers): Promise<Key[]> {
  const res = await gig.get("/v1/keys?limit=100", headers);
  expect(res.status).toBe(200);
  return res.body.items;
}

describe("GET /v1/keys", () => {
  it("lists the market's keys with a recognisable prefix, marking the caller's, never a key or hash", async () => {
    const headers = await freshMarket("xm-list-gig");
    const key = headers.authorization!.slice(7);
    const [only, ...rest] = await keysOf(headers);
    expect(rest).toEqual([]);
    expect(only).toEqual({
      id: expect.any(String),
      label: "first key",
      prefix: key.slice(0, 13),
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
      revokedAt: null,
      current: true,
    });
    expect(only!.prefix).toMatch(/^pes_gm_.{6}$/);
    const text = JSON.stringify(await gig.get("/v1/keys", headers));
    expect(text).not.toContain(key);
    expect(text).not.toMatch(/hash/i);
  });

  it("shows only the caller's market", async () => {
    const simingKeys = await keysOf(gig.as.siming);
    const jinjiangKeys = await keysOf(gig.as.jinjiang);
    expect(simingKeys.map((k) => k.id)).not.toEqual(expect.arrayContaining(jinjiangKeys.map((k) => k.id)));
  });
});

describe("POST /v1/keys and DELETE /v1/keys/{id}: rotation", () => {
  it("issues a key shown once and stored only as its hash", async () => {
    const headers = await freshMarket("xm-issue-gig");
    const res = await gig.post("/v1/keys", { label: "调度系统" }, headers);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      label: "调度系统",
      prefix: res.body.key.slice(0, 13),
      createdAt: expect.any(String),
      key: expect.stringMatching(/^pes_gm_[A-Za-z0-9_-]{43}$/),
    });
    const stored = await rows(gig.db, sql`select * from gm_api_keys`);
    expect(JSON.stringify(stored)).not.toContain(res.body.key);
    const viaNew = await gig.get("/v1/market", bearer(res.body.key));
    expect(viaNew.body.id).toBe("xm-issue-gig");
    const listed = await keysOf(headers);
    expect(listed.map((k) => [k.label, k.current])).toEqual([
      ["调度系统", false],
      ["first key", true],
    ]);
  });

  it("rotates: the old key, revoked with the new one, gets 401 everywhere; revoking again keeps the time", async () => {
    const old = await freshMarket("xm-rotate-gig");
    const fresh = bearer((await gig.post("/v1/keys", { label: "new" }, old)).body.key);
    const oldId = (await keysOf(old)).find((k) => k.current)!.id;

    expect((await gig.del(`/v1/keys/${oldId}`, fresh)).status).toBe(204);
    for (const [method, path] of [
      ["GET", "/v1/market"],
      ["GET", "/v1/keys"],
      ["POST", "/v1/keys"],
      ["GET", "/v1/postings"],
      ["POST", "/v1/stations"],
    ] as const) {
      const res = await gig.call(method, path, old, method === "POST" ? { label: "x" } : undefined);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.type).toMatch(/problem\+json/);
    }
    expect((await gig.get("/v1/market", fresh)).status).toBe(200);
    const revokedAt = (await keysOf(fresh)).find((k) => k.id === oldId)!.revokedAt;
    expect(revokedAt).toEqual(expect.any(String));
    expect((await gig.del(`/v1/keys/${oldId}`, fresh)).status).toBe(204);
    expect((await keysOf(fresh)).find((k) => k.id === oldId)!.revokedAt).toBe(revokedAt);
  });

  it("refuses (409) to revoke the market's last active key, which keeps working", async () => {
    const headers = await freshMarket("xm-last-gig");
    const extra = await gig.post("/v1/keys", { label: "extra" }, headers);
    expect((await gig.del(`/v1/keys/${extra.body.id}`, headers)).status).toBe(204);
    const ownId = (await keysOf(headers)).find((k) => k.current)!.id;
    const res = await gig.del(`/v1/keys/${ownId}`, headers);
    expect(res.status).toBe(409);
    expect(res.type).toMatch(/problem\+json/);
    expect(res.body.type).toBe("urn:pes:problem:last-api-key");
    expect((await gig.get("/v1/market", headers)).status).toBe(200);
  });

  it("keeps one active key when its last two are revoked at the same moment", async () => {
    if (gig.db.driver !== "postgres") throw new Error("this test holds a lock on the real PostgreSQL");
    const headers = await freshMarket("xm-race-gig");
    const second = await gig.post("/v1/keys", { label: "second" }, headers);
    const firstId = (await keysOf(headers)).find((k) => k.current)!.id;
    // Hold the market's row so both revocations are inside their transactions before either decides.
    let release!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holding = gig.db.client.begin(async (tx) => {
      await tx`select id from gm_markets where id = 'xm-race-gig' for update`;
      locked();
      await new Promise<void>((r) => (release = r));
    });
    await isLocked;
    const both = Promise.all([
      gig.del(`/v1/keys/${firstId}`, headers),
      gig.del(`/v1/keys/${second.body.id}`, headers),
    ]);
    await waitFor(
      async () =>
        (
          await rows<{ n: number }>(
            gig.db,
            sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          )
        )[0]!.n === 2,
      { what: "both revocations to wait for the market", timeoutMs: 10_000 },
    );
    release();
    await holding;
    expect((await both).map((r) => r.status).sort()).toEqual([204, 409]);
    const active = await rows(
      gig.db,
      sql`select id from gm_api_keys where market_id = 'xm-race-gig' and revoked_at is null`,
    );
    expect(active).toHaveLength(1);
  });

  it("answers 404 for another market's key or an unknown one, and revokes nothing", async () => {
    const theirs = (await keysOf(gig.as.jinjiang))[0]!;
    for (const id of [theirs.id, UNKNOWN]) {
      const res = await gig.del(`/v1/keys/${id}`, gig.as.siming);
      expect(res.status, id).toBe(404);
      expect(res.type).toMatch(/problem\+json/);
    }
    expect((await gig.get("/v1/market", gig.as.jinjiang)).status).toBe(200);
  });

  it.each([
    ["no label", {}, "label"],
    ["an empty label", { label: "  " }, "label"],
    ["a label too long", { label: "x".repeat(101) }, "label"],
    ["a label that is not text", { label: 7 }, "label"],
  ])("answers 400 with the field path to %s", async (_, body, path) => {
    const res = await gig.post("/v1/keys", body);
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/problem\+json/);
    expect(res.body.errors).toContainEqual({ path, in: "body", message: expect.any(String) });
  });

  it("answers 400 with the path parameter for a malformed id", async () => {
    const res = await gig.del("/v1/keys/not-a-uuid");
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual({ path: "id", in: "path", message: expect.any(String) });
  });
});
