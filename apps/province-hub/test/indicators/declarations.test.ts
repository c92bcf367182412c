import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_BROKER, type TestHub, testApp } from "../support/index.js";

// A declared value is in its indicator's unit (catalogue.ts): a share in %, a count of things, a
// number of persons. Bounds keep a typo from becoming the province's figure.

let hub: TestHub;
let app: TestHub["app"];
let operator: Record<string, string>;

beforeAll(async () => {
  hub = await testApp("hubdeclarationbounds", { kafka: NO_BROKER });
  app = hub.app;
  operator = hub.as.operator;
});
afterAll(async () => hub?.close());

const declare = (indicatorCode: string, value: unknown) =>
  app.request("/v1/declarations", {
    method: "POST",
    headers: { ...operator, "content-type": "application/json" },
    // As text, so that 1e999 (Infinity once parsed) reaches the server as a client could send it.
    body: `{"cityCode":"350100","indicatorCode":"${indicatorCode}","period":"2025","value":${value}}`,
  });

describe("POST /v1/declarations bounds", () => {
  it.each([
    ["a negative count", "labor_brands", "-1"],
    ["a fractional count", "labor_brands", "2.5"],
    ["a negative count of incidents", "mass_incidents", "-3"],
    ["a percentage above 100", "skilled_worker_share", "100.5"],
    ["a negative percentage", "budget_execution_rate", "-0.1"],
    ["a negative target of persons", "reemployment_target", "-500"],
    ["an infinite number", "labor_input_bases", "1e999"],
    ["a negative infinite number", "budget_execution_rate", "-1e999"],
    ["a string", "labor_brands", '"3"'],
  ])("refuses %s: 400 problem at value", async (_, code, value) => {
    const res = await declare(code, value);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = (await res.json()) as { errors: Array<{ path: string; message: string }> };
    expect(body.errors.map((e) => e.path)).toEqual(["value"]);
  });

  it.each([
    ["a count", "labor_brands", "3"],
    ["no incidents", "mass_incidents", "0"],
    ["a full share", "skilled_worker_share", "100"],
    ["a share", "budget_execution_rate", "87.25"],
    // The denominator of reemployment_completion, which itself may exceed 100 %.
    ["a target of persons", "reemployment_target", "12000"],
  ])("accepts %s", async (_, code, value) => {
    expect((await declare(code, value)).status).toBe(201);
  });
});
