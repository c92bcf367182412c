// @hono/zod-openapi extends zod before @pes/schemas (loaded by @pes/sync) builds its schemas.
import "@hono/zod-openapi";
import { waitFor } from "@pes/sync/testing";
import type { Consumer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { throughputWindowOf } from "../../src/use-cases/monitoring/throughput.js";
import { hubWithStreams } from "../support/index.js";

type Ctx = Awaited<ReturnType<typeof hubWithStreams>>;
let ctx: Ctx;
beforeAll(async () => {
  ctx = await hubWithStreams("throughput");
});
afterAll(async () => ctx?.close());

describe("GET /v1/streams/throughput", () => {
  it("gives records per minute over the last minute, per topic, city and type", async () => {
    const { metrics } = ctx.streams;
    let clock = Date.parse("2025-10-20T02:00:00Z");
    const window = throughputWindowOf(metrics, { now: () => clock, autoSample: false });
    metrics.record("consumed", "pes.city.350200.person", "unemployment-registration", "/city/350200", 100);
    window.sample();
    for (let i = 0; i < 6; i++) {
      clock += 10_000;
      metrics.record("consumed", "pes.city.350200.person", "unemployment-registration", "/city/350200", 5);
      metrics.record("consumed", "pes.gig.xm-siming.events", "gig-order", "/gig/xm-siming", 2);
      window.sample();
    }
    clock += 10_000;
    metrics.record("deadLettered", "pes.city.350500.person", "service-record", "/city/350500", 3);

    const res = await ctx.hub.get("/v1/streams/throughput");
    expect(res.status).toBe(200);
    expect(res.body.windowSeconds).toBe(60);
    const xiamen = res.body.items.find((r: { source: string }) => r.source === "/city/350200");
    // The minute before the request saw 5 of the 6 increments of 5; the 100 before it is history.
    expect(xiamen).toMatchObject({
      topic: "pes.city.350200.person",
      cityCode: "350200",
      type: "unemployment-registration",
      perMinute: { consumed: 25, produced: 0, deadLettered: 0 },
      total: { consumed: 130 },
    });
    const gig = res.body.items.find((r: { source: string }) => r.source === "/gig/xm-siming");
    expect(gig).toMatchObject({ cityCode: null, perMinute: { consumed: 10 } });
    const quanzhou = res.body.items.find((r: { source: string }) => r.source === "/city/350500");
    expect(quanzhou).toMatchObject({ cityCode: "350500", perMinute: { deadLettered: 3 } });
  });
});

describe("GET /v1/streams/lag", () => {
  let consumer: Consumer | undefined;
  afterAll(async () => consumer?.disconnect());

  it("shows a real consumer group's lag per partition, and its growth while it is away", async () => {
    const send = (n: number, from: number) =>
      ctx.streams.producer.send({
        topic: ctx.topic,
        acks: -1,
        messages: Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, value: `v${from + i}` })),
      });
    await send(4, 0);
    consumer = ctx.kafka.consumer({ groupId: ctx.group });
    await consumer.connect();
    await consumer.subscribe({ topic: ctx.topic, fromBeginning: true });
    let seen = 0;
    await consumer.run({
      eachMessage: async () => {
        seen++;
      },
    });
    await waitFor(
      async () => {
        const res = await ctx.hub.get("/v1/streams/lag");
        return seen === 4 && res.body.items.length === 2 && res.body.totalLag === 0;
      },
      { what: "the group to catch up" },
    );
    await consumer.disconnect();
    consumer = undefined;
    await send(3, 4);

    const res = await ctx.hub.get("/v1/streams/lag");
    expect(res.status).toBe(200);
    expect(res.body.totalLag).toBe(3);
    expect(res.body.items.map((p: { partition: number }) => p.partition)).toEqual([0, 1]);
    for (const p of res.body.items) {
      expect(p.topic).toBe(ctx.topic);
      expect(p.lag).toBe(p.high - p.committed);
    }
  });
});

describe("GET /v1/streams/live", () => {
  it("streams snapshots (server-sent events) of the rates, their sums and the lag", async () => {
    ctx.streams.metrics.record("consumed", "pes.city.350100.person", "service-record", "/city/350100", 7);
    const left = new AbortController();
    const res = await ctx.hub.app.request("/v1/streams/live", {
      headers: ctx.hub.as.viewer,
      signal: left.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.getReader();
    let text = "";
    while (!text.includes("\n\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toMatch(/^event: snapshot\n/);
    const data = JSON.parse(/^data: (.*)$/m.exec(text)![1]!);
    const fuzhou = data.items.find((r: { source: string }) => r.source === "/city/350100");
    expect(fuzhou).toMatchObject({ cityCode: "350100", total: { consumed: 7 } });
    expect(data.total.consumed).toBeGreaterThanOrEqual(7);
    expect(data).toHaveProperty("totalLag"); // null until the broker has answered
    left.abort();
    await reader.cancel();
  });
});
