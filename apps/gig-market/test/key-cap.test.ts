import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/env.js";
import { type GigApp, testApp } from "./support/index.js";

// A market may hold a bounded number of active keys (PES_MAX_API_KEYS_PER_MARKET, default 10): a
// leaked key cannot mint an unbounded supply of others, each with its own allowance.

describe("the cap on a market's active keys", () => {
  let gig: GigApp;
  beforeAll(async () => {
    gig = await testApp("keycap", { maxKeysPerMarket: 3 });
  });
  afterAll(async () => gig?.close());

  it("answers 409 problem once the market holds the cap; revoking one makes room", async () => {
    // The market's first key counts: two more reach 3.
    const issued = [];
    for (const label of ["two", "three"]) {
      const res = await gig.post("/v1/keys", { label });
      expect(res.status, res.text).toBe(201);
      issued.push(res.body);
    }
    const over = await gig.post("/v1/keys", { label: "four" });
    expect(over.status).toBe(409);
    expect(over.type).toMatch(/problem\+json/);
    expect(over.body).toMatchObject({ type: "urn:pes:problem:too-many-keys" });
    expect(over.body.detail).toMatch(/3/);
    // Another market is not affected.
    expect((await gig.post("/v1/keys", { label: "mine" }, gig.as.jinjiang)).status).toBe(201);

    expect((await gig.del(`/v1/keys/${issued[0].id}`)).status).toBe(204);
    expect((await gig.post("/v1/keys", { label: "four" })).status).toBe(201);
    expect((await gig.post("/v1/keys", { label: "five" })).status).toBe(409);
  });

  it("holds under concurrent requests", async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => gig.post("/v1/keys", { label: `race ${i}` }, gig.as.jinjiang)),
    );
    // 晋江 has 2 (its first and "mine" above): one more fits.
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(5);
  });

  it("reads PES_MAX_API_KEYS_PER_MARKET (default 10)", () => {
    expect(loadConfig({}).maxKeysPerMarket).toBe(10);
    expect(loadConfig({ PES_MAX_API_KEYS_PER_MARKET: "25" }).maxKeysPerMarket).toBe(25);
    expect(() => loadConfig({ PES_MAX_API_KEYS_PER_MARKET: "0" })).toThrow(/PES_MAX_API_KEYS_PER_MARKET/);
  });
});
