import { createTestDatabase, parseMetrics, TEST_BROKERS } from "@pes/sync/testing";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, spawnTsx, type TestProcess } from "../src/testing/index.js";

const packageDir = new URL("..", import.meta.url);
let running: TestProcess | undefined;
let testDb: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
afterAll(async () => {
  await running?.kill();
  await testDb?.drop();
});

const logLines = (output: string) =>
  output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("createService", { timeout: 60_000 }, () => {
  it("starts the streams before it listens, and on SIGTERM closes the jobs, the streams, then the services", async () => {
    testDb = await createTestDatabase("createservice");
    const port = await freePort();
    const service = spawnTsx(packageDir, "test/fixtures/create-service.ts", {
      PORT: String(port),
      DATABASE_URL: testDb.url,
      KAFKA_BROKERS: TEST_BROKERS.join(","),
    });
    running = service;
    await service.waitUntil(() => service.output.includes('"msg":"listening"'), "listening");

    const base = `http://127.0.0.1:${port}`;
    expect(await (await fetch(`${base}/streams`)).json()).toEqual({ running: true });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status, service.output).toBe(200);
    expect(Object.keys(((await ready.json()) as { checks: object }).checks).sort()).toEqual([
      "database",
      "kafka",
    ]);
    expect(await (await fetch(`${base}/healthz`)).json()).toMatchObject({
      service: "fixture",
      version: "9.9.9",
    });

    // /metrics: behind the app's guard; the HTTP figures by route template, the process's, the streams'.
    const refused = await fetch(`${base}/metrics`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    const scraped = await fetch(`${base}/metrics`, { headers: { authorization: "Bearer scrape-token" } });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const metrics = parseMetrics(await scraped.text());
    const streams = { method: "GET", route: "/streams", status: "200" };
    expect(metrics.value("pes_http_requests_total", streams)).toBe(1);
    expect(metrics.value("pes_http_request_duration_seconds_count", streams)).toBe(1);
    expect(
      metrics.value("pes_http_requests_total", { method: "GET", route: "/metrics", status: "401" }),
    ).toBe(1);
    expect(metrics.types.get("process_resident_memory_bytes")).toBe("gauge");
    expect(metrics.types.get("pes_kafka_records_produced_total")).toBe("counter");

    service.signal("SIGTERM");
    expect(await service.waitForExit("exit after SIGTERM"), service.output).toEqual({
      code: 0,
      signal: null,
    });
    const lines = logLines(service.output).filter((l) => l.msg !== "request");
    expect(lines.find((l) => l.msg === "listening")).toMatchObject({
      port,
      fixture: true,
      database: "postgres",
      kafkaBrokers: TEST_BROKERS,
    });
    expect(lines.filter((l) => l.msg === "closed").map((l) => l.part)).toEqual([
      "job",
      "streams",
      "services",
    ]);
    expect(lines.at(-1)).toMatchObject({ msg: "stopped" });
  });
});
