import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jsonCaller } from "@pes/http/testing";
import type { DatabaseHandle } from "@pes/sync/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { issueKey } from "../src/auth/keys.js";
import { openAppDatabase } from "../src/db/index.js";
import { RateLimiter } from "../src/routes/middleware/rate-limiter.js";
import {
  bearer,
  type GigApp,
  rows,
  type TestDatabase,
  testApp,
  testDatabase,
  testServices,
} from "./support/index.js";

/** The window has passed, as a minute later: every budget's window ends now. */
const windowPassed = (db: DatabaseHandle) =>
  db.db.execute(sql`update gm_rate_limits set expire = (extract(epoch from now()) * 1000)::bigint - 1`);

async function budgetOf(limiter: RateLimiter, key: string, n: number) {
  const taken = [];
  for (let i = 0; i < n; i++) taken.push(await limiter.take(key));
  return taken;
}

describe("RateLimiter (per market, in the database)", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await testDatabase("ratelimiter");
  });
  afterAll(async () => database?.close());

  it("lets a market use its minute's requests, then says when the next window opens", async () => {
    const limiter = new RateLimiter(3, database.db);
    expect((await budgetOf(limiter, "a", 3)).map((t) => t.ok)).toEqual([true, true, true]);
    const refused = await limiter.take("a");
    expect(refused.ok).toBe(false);
    const retryAfter = refused.ok ? 0 : refused.retryAfterSeconds;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await limiter.take("b")).ok).toBe(true);
    const stored = await rows<{ key: string; points: number }>(
      database.db,
      sql`select key, points from gm_rate_limits order by key`,
    );
    expect(stored).toEqual([
      { key: "market:a", points: 4 },
      { key: "market:b", points: 1 },
    ]);
    await windowPassed(database.db);
    expect((await budgetOf(limiter, "a", 4)).map((t) => t.ok)).toEqual([true, true, true, false]);
  });

  it("works the same on the embedded PGlite (no DATABASE_URL)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gm-ratelimit-"));
    const db = await openAppDatabase({ databaseUrl: undefined, dataDir: dir });
    try {
      const limiter = new RateLimiter(2, db);
      expect((await budgetOf(limiter, "a", 3)).map((t) => t.ok)).toEqual([true, true, false]);
      await windowPassed(db);
      expect((await limiter.take("a")).ok).toBe(true);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the rate limit over HTTP", () => {
  let gig: GigApp;
  beforeAll(async () => {
    gig = await testApp("ratelimit", { rateLimitPerMinute: 2 });
  });
  afterAll(async () => gig?.close());

  it("answers 429 problem+json with Retry-After once a market used its requests; other markets go on", async () => {
    expect((await gig.get("/v1/market")).status).toBe(200);
    expect((await gig.get("/v1/postings")).status).toBe(200);
    const limited = await gig.post("/v1/stations", { name: "驿站", divisionCode: "350203" });
    expect(limited.status).toBe(429);
    expect(limited.type).toMatch(/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, type: "urn:pes:problem:rate-limited" });
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await rows(gig.db, sql`select id from gm_stations`)).toEqual([]);

    expect((await gig.get("/v1/market", gig.as.jinjiang)).status).toBe(200);
  });

  it("counts every key of a market together: a new key does not get a fresh allowance", async () => {
    // 晋江 has used one request above; a key issued now (by the CLI's path, not the API) shares the rest.
    const second = bearer((await issueKey(gig.db.db, gig.ids.jinjiang, "second")).key);
    expect((await gig.get("/v1/market", second)).status).toBe(200);
    const limited = await gig.get("/v1/market", second);
    expect(limited.status).toBe(429);
    expect(limited.body.detail).toMatch(/market/);
    expect((await gig.get("/v1/market", gig.as.jinjiang)).status).toBe(429);
  });
});

describe("two instances of the service on one database", () => {
  let gig: GigApp;
  let otherDb: DatabaseHandle;
  let other: ReturnType<typeof jsonCaller>;
  beforeAll(async () => {
    gig = await testApp("ratelimit-shared", { rateLimitPerMinute: 4 });
    // The second instance: its own connection pool and services, the same database.
    otherDb = await openAppDatabase({ databaseUrl: gig.url, dataDir: "/nonexistent" });
    other = jsonCaller(createApp(testServices(otherDb, gig.services.kafka, { rateLimitPerMinute: 4 })));
  });
  afterAll(async () => {
    await otherDb?.close();
    await gig?.close();
  });

  it("share one budget per market: requests to either count, and both refuse once it is used", async () => {
    const statuses = [];
    for (const call of [gig.call, other, gig.call, other])
      statuses.push((await call("GET", "/v1/market", gig.as.siming)).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const refused = await other("GET", "/v1/market", gig.as.siming);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await gig.get("/v1/market")).status).toBe(429);
  });

  it("grant exactly the budget to a burst spread over both at once", async () => {
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? other : gig.call)("GET", "/v1/market", gig.as.jinjiang)),
    );
    const ok = burst.filter((r) => r.status === 200).length;
    const limited = burst.filter((r) => r.status === 429).length;
    expect([ok, limited]).toEqual([4, 6]);
  });
});
