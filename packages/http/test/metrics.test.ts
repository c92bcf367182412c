import { parseMetrics } from "@pes/sync/testing";
import { describe, expect, it } from "vitest";
import { createLogger, createServiceApp, DomainError, httpRegistryOf } from "../src/index.js";

// The HTTP figures of an app made by createServiceApp: by route template, never the raw path.

const ID_NUMBER = "350102199001011234";

function app() {
  const a = createServiceApp({
    service: "tiny",
    version: "1.0.0",
    logger: createLogger("tiny", { silent: true }),
  });
  a.get("/v1/persons/:id", (c) => c.json({ id: c.req.param("id") }));
  a.post("/v1/persons", () => {
    throw new DomainError("invalid", "bad", "no");
  });
  return a;
}

describe("HTTP metrics", () => {
  it("counts requests and their latency by method, route template and status", async () => {
    const a = app();
    expect((await a.request(`/v1/persons/${ID_NUMBER}`)).status).toBe(200);
    expect((await a.request("/v1/persons/another")).status).toBe(200);
    expect((await a.request("/v1/persons", { method: "POST" })).status).toBe(422);
    expect((await a.request(`/nothing/${ID_NUMBER}`)).status).toBe(404);

    const text = await httpRegistryOf(a).metrics();
    const metrics = parseMetrics(text);
    const person = { method: "GET", route: "/v1/persons/:id", status: "200" };
    expect(metrics.value("pes_http_requests_total", person)).toBe(2);
    expect(metrics.value("pes_http_request_duration_seconds_count", person)).toBe(2);
    expect(
      metrics.value("pes_http_requests_total", { method: "POST", route: "/v1/persons", status: "422" }),
    ).toBe(1);
    // No route matched: the pattern of the middleware that answered, not the path asked for.
    expect(metrics.value("pes_http_requests_total", { method: "GET", route: "/*", status: "404" })).toBe(1);
    expect(text).not.toContain(ID_NUMBER);
    expect(text).not.toContain("another");
  });

  it("keeps each app's figures apart, whatever else runs in the process", async () => {
    const [first, second] = [app(), app()];
    await first.request("/v1/persons/1");
    const other = parseMetrics(await httpRegistryOf(second).metrics());
    expect(other.find("pes_http_requests_total")).toEqual([]);
  });
});
