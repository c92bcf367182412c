import { z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { IdempotencyHeaders, IdParam } from "../src/index.js";
import { operationIdOf, standardResponses } from "../src/responses.js";

describe("operationIdOf", () => {
  it.each([
    ["get", "/v1/node", "getNode"],
    ["post", "/v1/unemployment-registrations/{id}/register", "postUnemploymentRegistrationsByIdRegister"],
    ["post", "/v1/dead-letters/{partition}/{offset}/replay", "postDeadLettersByPartitionByOffsetReplay"],
    ["put", "/v1/gig-markets/{marketId}", "putGigMarketsByMarketId"],
    ["get", "/healthz", "getHealthz"],
    ["get", "/v2/node", "getV2Node"],
  ])("%s %s → %s", (method, path, id) => {
    expect(operationIdOf(method, path)).toBe(id);
  });
});

describe("standardResponses", () => {
  const statuses = (config: Parameters<typeof standardResponses>[0]) =>
    Object.keys(standardResponses(config)).map(Number);

  it("documents 400 and 500 on every route", () => {
    expect(statuses({ path: "/v1/things" })).toEqual([400, 500]);
  });

  it("adds 404 when the path names something, 413 and 422 when there is a body", () => {
    const body = { content: { "application/json": { schema: z.object({ a: z.string() }) } } };
    expect(statuses({ path: "/v1/things/{id}", request: { params: IdParam, body } })).toEqual([
      400, 404, 413, 422, 500,
    ]);
  });

  it("adds 409 and 422 with the idempotency problem types when the route takes an Idempotency-Key", () => {
    const responses = standardResponses({ path: "/v1/things", request: { headers: IdempotencyHeaders } });
    expect(Object.keys(responses).map(Number)).toEqual([400, 409, 422, 500]);
    expect(responses[409]!.description).toContain("urn:pes:problem:idempotency-in-progress");
    expect(responses[422]!.description).toContain("urn:pes:problem:idempotency-key-reused");
  });
});
