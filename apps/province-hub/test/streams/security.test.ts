import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestHub, testApp } from "../support/index.js";

let hub: TestHub;
beforeAll(async () => {
  hub = await testApp("streamsec");
});
afterAll(async () => hub?.close());

describe("without running streams", () => {
  it.each([
    ["GET", "/v1/streams/throughput"],
    ["GET", "/v1/streams/lag"],
    ["GET", "/v1/streams/silent-nodes"],
    ["GET", "/v1/dead-letters"],
    ["POST", "/v1/dead-letters/0/0/replay"],
  ])("%s %s answers 503 problem+json", async (method, path) => {
    const res = await hub.call(method, path, hub.as.operator, method === "POST" ? {} : undefined);
    expect(res.status).toBe(503);
    expect(res.type).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(/streams not running/);
  });

  it("still answers reporting, which reads the database only", async () => {
    expect((await hub.get("/v1/streams/reporting?period=2025-10")).status).toBe(200);
  });
});

describe("roles", () => {
  it("refuses a viewer a replay (403) before anything else", async () => {
    const res = await hub.call("POST", "/v1/dead-letters/0/0/replay", hub.as.viewer, {});
    expect(res.status).toBe(403);
    expect(res.type).toMatch(/problem\+json/);
  });

  it("answers 400 with the field for a bad period or threshold", async () => {
    const period = await hub.get("/v1/streams/reporting?period=2025-13");
    expect(period.status).toBe(400);
    expect(period.body.errors.map((e: { path: string }) => e.path)).toContain("period");
    const threshold = await hub.get("/v1/streams/silent-nodes?thresholdMinutes=0");
    expect(threshold.status).toBe(400);
  });
});
