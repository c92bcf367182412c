// @hono/zod-openapi extends zod before @pes/schemas (loaded by @pes/sync) builds its schemas.
import "@hono/zod-openapi";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { recordSeen } from "../../src/use-cases/monitoring/reporting.js";
import { hubWithStreams } from "../support/index.js";

type Ctx = Awaited<ReturnType<typeof hubWithStreams>>;
let ctx: Ctx;
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  ctx = await hubWithStreams("reporting");
  const seen = (source: string, time: string, receivedAt: string, type = "unemployment-registration") =>
    ctx.hub.db.db.transaction((tx) =>
      recordSeen(tx, { source, type, time: at(time), receivedAt: at(receivedAt) }),
    );
  // 厦门 reports October on time; 2025-10-31T20:00Z is 1 November in China time, so it counts for November.
  await seen("/city/350200", "2025-10-02T01:00:00Z", "2025-10-02T01:00:05Z");
  await seen("/city/350200", "2025-10-02T03:00:00Z", "2025-10-02T03:00:05Z", "service-record");
  await seen("/city/350200", "2025-10-15T03:00:00Z", "2025-10-15T03:01:00Z");
  await seen("/city/350200", "2025-10-31T20:00:00Z", "2025-10-31T20:00:01Z");
  // 泉州 reports October, but one record reached the hub three days late.
  await seen("/city/350500", "2025-10-10T02:00:00Z", "2025-10-13T02:00:00Z");
  await seen("/city/350500", "2025-10-11T02:00:00Z", "2025-10-11T02:00:01Z");
  // A gig market is not a city node.
  await seen("/gig/xm-siming", "2025-10-11T02:00:00Z", "2025-10-11T02:00:01Z", "gig-order");
});
afterAll(async () => ctx?.close());
afterEach(() => {
  vi.useRealTimers();
});

/** A fixed clock: only Date is faked, so timers and the broker's and database's clients run as usual. */
const fixClock = (iso: string) => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(at(iso));
};

describe("GET /v1/streams/reporting", () => {
  it("tells for each city of Fujian whether, when and how timely it reported in a month", async () => {
    fixClock("2025-11-05T00:00:00Z");
    const res = await ctx.hub.get("/v1/streams/reporting?period=2025-10");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      period: "2025-10",
      from: "2025-10-01",
      until: "2025-11-01",
      lateAfterHours: 24,
    });
    expect(res.body.items).toHaveLength(10);
    const city = (code: string) => res.body.items.find((r: { cityCode: string }) => r.cityCode === code);
    expect(city("350200")).toMatchObject({
      cityName: "厦门",
      reported: true,
      records: 3,
      lateRecords: 0,
      daysReported: 2,
      lastRecordAt: "2025-10-15T03:00:00.000Z",
      status: "on-time",
    });
    expect(city("350500")).toMatchObject({ reported: true, records: 2, lateRecords: 1, status: "late" });
    expect(city("350100")).toMatchObject({
      reported: false,
      records: 0,
      lastRecordAt: null,
      status: "silent",
    });
  });

  it("counts quarters and China-time month boundaries, and marks a period not begun as pending", async () => {
    fixClock("2025-11-05T00:00:00Z");
    const q4 = await ctx.hub.get("/v1/streams/reporting?period=2025-Q4");
    expect(q4.body.items.find((r: { cityCode: string }) => r.cityCode === "350200").records).toBe(4);
    const november = await ctx.hub.get("/v1/streams/reporting?period=2025-11");
    expect(november.body.items.find((r: { cityCode: string }) => r.cityCode === "350200")).toMatchObject({
      records: 1,
      status: "on-time",
    });
    const next = await ctx.hub.get("/v1/streams/reporting?period=2026");
    expect(new Set(next.body.items.map((r: { status: string }) => r.status))).toEqual(new Set(["pending"]));
  });
});

describe("GET /v1/streams/silent-nodes", () => {
  it("lists sources silent beyond the threshold and every city node never heard from", async () => {
    // Live: 福州 heard two minutes ago. Database: 厦门 last received 29 minutes ago, 泉州 on 10-13.
    fixClock("2025-10-31T20:30:00Z");
    ctx.lastSeen.set("/city/350100", at("2025-10-31T20:28:00Z"));
    ctx.lastSeen.set("/gig/fz-gulou", at("2025-10-31T18:30:00Z"));
    const res = await ctx.hub.get("/v1/streams/silent-nodes?thresholdMinutes=60");
    expect(res.status).toBe(200);
    expect(res.body.checkedAt).toBe("2025-10-31T20:30:00.000Z");
    const sources = res.body.items.map((s: { source: string }) => s.source);
    expect(sources).not.toContain("/city/350100");
    expect(sources).not.toContain("/city/350200");
    const never = res.body.items.filter((s: { silentMinutes: number | null }) => s.silentMinutes === null);
    expect(never.map((s: { cityCode: string }) => s.cityCode).sort()).toEqual([
      "350128",
      "350300",
      "350400",
      "350600",
      "350700",
      "350800",
      "350900",
    ]);
    expect(never.every((s: { expected: boolean }) => s.expected)).toBe(true);
    expect(res.body.items.find((s: { source: string }) => s.source === "/city/350500")).toMatchObject({
      cityName: "泉州",
      expected: true,
      lastHeardAt: "2025-10-13T02:00:00.000Z",
      silentMinutes: 27_030,
    });
    expect(res.body.items.find((s: { source: string }) => s.source === "/gig/fz-gulou")).toMatchObject({
      expected: false,
      silentMinutes: 120,
    });
    // The longest silent first: those never heard from, then the market last heard on 10-11, then 泉州.
    expect(sources.slice(never.length)).toEqual(["/gig/xm-siming", "/city/350500", "/gig/fz-gulou"]);

    const strict = await ctx.hub.get("/v1/streams/silent-nodes?thresholdMinutes=1");
    expect(strict.body.items.map((s: { source: string }) => s.source)).toContain("/city/350100");
  });
});
