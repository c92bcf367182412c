import { waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GigApp, type Headers, posting, rows, testApp } from "./support/index.js";

let gig: GigApp;
beforeAll(async () => {
  gig = await testApp("idempotency");
});
afterAll(async () => gig?.close());

const withKey = (key: string, headers: Headers = gig.as.siming): Headers => ({
  ...headers,
  "idempotency-key": key,
});

async function postingRows(title: string) {
  return rows<{ id: string }>(gig.db, sql`select id from gm_postings where record->>'title' = ${title}`);
}

describe("Idempotency-Key on POST", () => {
  it("answers a retry with the first answer: one posting, one outbox record", async () => {
    const body = posting({ title: "重试岗位" });
    const first = await gig.post("/v1/postings", body, withKey("retry-1"));
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await gig.post("/v1/postings", body, withKey("retry-1"));
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.type).toMatch(/application\/json/);
    expect(again.body).toEqual(first.body);
    // The same request written with its fields in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    expect((await gig.post("/v1/postings", reordered, withKey("retry-1"))).body).toEqual(first.body);

    expect(await postingRows("重试岗位")).toHaveLength(1);
    expect((await gig.outbox()).filter((r) => r.message_key === first.body.id)).toHaveLength(1);
  });

  it("refuses (422) the same key with another body or on another route", async () => {
    await gig.post("/v1/postings", posting({ title: "原请求" }), withKey("reuse-1"));
    const other = await gig.post("/v1/postings", posting({ title: "另一个请求" }), withKey("reuse-1"));
    expect(other.status).toBe(422);
    expect(other.type).toMatch(/problem\+json/);
    expect(other.body).toMatchObject({
      type: "urn:pes:problem:idempotency-key-reused",
      errors: [{ path: "idempotency-key", in: "header", message: expect.any(String) }],
    });
    const elsewhere = await gig.post(
      "/v1/stations",
      { name: "驿站", divisionCode: "350203" },
      withKey("reuse-1"),
    );
    expect(elsewhere.status).toBe(422);
    expect(await postingRows("另一个请求")).toHaveLength(0);
  });

  it("keeps keys per market: another market's same key is its own request", async () => {
    const mine = await gig.post(
      "/v1/stations",
      { name: "共用键驿站", divisionCode: "350203" },
      withKey("shared"),
    );
    const theirs = await gig.post(
      "/v1/stations",
      { name: "共用键驿站", divisionCode: "350582" },
      withKey("shared", gig.as.jinjiang),
    );
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it("replays an error answer too, and a request without a key is never replayed", async () => {
    const bad = { name: "驿站", divisionCode: "350582" };
    const first = await gig.post("/v1/stations", bad, withKey("refused-1"));
    expect(first.status).toBe(422);
    const again = await gig.post("/v1/stations", bad, withKey("refused-1"));
    expect(again.status).toBe(422);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.errors).toEqual(first.body.errors);

    const body = posting({ title: "无键岗位" });
    await gig.post("/v1/postings", body);
    await gig.post("/v1/postings", body);
    expect(await postingRows("无键岗位")).toHaveLength(2);
  });

  it("answers a new API key's retry with the same key, stored only encrypted", async () => {
    const first = await gig.post("/v1/keys", { label: "retried" }, withKey("key-1"));
    const again = await gig.post("/v1/keys", { label: "retried" }, withKey("key-1"));
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.key).toBe(first.body.key);
    const stored = await rows(gig.db, sql`select * from gm_idempotent_requests`);
    expect(JSON.stringify(stored)).not.toContain(first.body.key);
    expect(await rows(gig.db, sql`select id from gm_api_keys where label = 'retried'`)).toHaveLength(1);
  });

  it("refuses (409) a retry while the first request is still being handled, then replays it", async () => {
    if (gig.db.driver !== "postgres") throw new Error("this test holds a lock on the real PostgreSQL");
    const body = posting({ title: "并发岗位" });
    // Hold a lock that keeps the first request's insert waiting, after it claimed its key.
    let release!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holding = gig.db.client.begin(async (tx) => {
      await tx`lock table gm_postings in share mode`;
      locked();
      await new Promise<void>((r) => (release = r));
    });
    await isLocked;
    const first = gig.post("/v1/postings", body, withKey("slow-1"));
    await waitFor(
      async () =>
        (await rows(gig.db, sql`select 1 from gm_idempotent_requests where key = 'slow-1'`)).length > 0,
      { what: "the first request to claim its key", timeoutMs: 10_000 },
    );
    const during = await gig.post("/v1/postings", body, withKey("slow-1"));
    expect(during.status).toBe(409);
    expect(during.type).toMatch(/problem\+json/);
    expect(during.body.type).toBe("urn:pes:problem:idempotency-in-progress");

    release();
    await holding;
    expect((await first).status).toBe(201);
    const after = await gig.post("/v1/postings", body, withKey("slow-1"));
    expect(after.headers.get("idempotent-replayed")).toBe("true");
    expect(after.body).toEqual((await first).body);
    expect(await postingRows("并发岗位")).toHaveLength(1);
  });

  it.each([
    ["an empty key", ""],
    ["a key over 100 characters", "k".repeat(101)],
  ])("answers 400 naming the header to %s", async (_, key) => {
    const res = await gig.post("/v1/postings", posting({ title: "坏键" }), withKey(key));
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual({
      path: "idempotency-key",
      in: "header",
      message: expect.any(String),
    });
    expect(await postingRows("坏键")).toHaveLength(0);
  });
});
