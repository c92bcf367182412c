import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type GigApp, testApp } from "./support/index.js";

let gig: GigApp;
let v1: Array<[string, string]>;
beforeAll(async () => {
  gig = await testApp("auth");
  const doc = (await gig.get("/openapi.json", {})).body as { paths: Record<string, Record<string, unknown>> };
  v1 = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith("/v1/"))
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => [m.toUpperCase(), path] as [string, string]));
});
afterAll(async () => gig?.close());

/** A concrete path for an OpenAPI template: every parameter is an id. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000");

describe("every /v1 route needs the market's API key", () => {
  it("documents the routes of this slice", () => {
    expect(v1.map(([m, p]) => `${m} ${p}`).sort()).toEqual([
      "DELETE /v1/keys/{id}",
      "DELETE /v1/webhooks/{id}",
      "DELETE /v1/workers/{id}",
      "GET /v1/flowback",
      "GET /v1/keys",
      "GET /v1/market",
      "GET /v1/placements",
      "GET /v1/placements/{id}",
      "GET /v1/placements/{id}/ratings",
      "GET /v1/postings",
      "GET /v1/postings/{id}",
      "GET /v1/postings/{id}/matches",
      "GET /v1/stations",
      "GET /v1/stations/{id}",
      "GET /v1/voucher-redemptions",
      "GET /v1/vouchers/{voucherId}",
      "GET /v1/webhooks",
      "GET /v1/webhooks/{id}",
      "GET /v1/webhooks/{id}/deliveries",
      "GET /v1/workers",
      "GET /v1/workers/{id}",
      "GET /v1/workers/{id}/matches",
      "PATCH /v1/postings/{id}",
      "PATCH /v1/workers/{id}",
      "POST /v1/keys",
      "POST /v1/placements",
      "POST /v1/placements/{id}/cancellation",
      "POST /v1/placements/{id}/completion",
      "POST /v1/placements/{id}/ratings",
      "POST /v1/postings",
      "POST /v1/stations",
      "POST /v1/voucher-redemptions",
      "POST /v1/webhooks",
      "POST /v1/webhooks/{id}/deliveries/{deliveryId}/redelivery",
      "POST /v1/webhooks/{id}/secret",
      "POST /v1/workers",
    ]);
  });

  it.each([
    ["no key", {}],
    ["a malformed header", { authorization: "Key abc" }],
    ["an unknown key", bearer(`pes_gm_${"0".repeat(43)}`)],
    ["another service's token", bearer(`pes_ph_${"0".repeat(43)}`)],
  ])("answers 401 problem+json to %s on every route", async (_, headers) => {
    for (const [method, path] of v1) {
      const res = await gig.call(method, concrete(path), headers, method === "GET" ? undefined : {});
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.type).toMatch(/application\/problem\+json/);
    }
  });

  it("leaves health, readiness and the docs open", async () => {
    expect((await gig.get("/healthz", {})).status).toBe(200);
    expect((await gig.get("/openapi.json", {})).status).toBe(200);
  });
});

describe("GET /v1/market", () => {
  it("answers each key with its own market", async () => {
    const siming = await gig.get("/v1/market", gig.as.siming);
    expect(siming.status).toBe(200);
    expect(siming.body).toEqual({
      id: "xm-siming-gig",
      name: "思明零工市场",
      cityCode: "350200",
      districtCode: "350203",
      createdAt: expect.any(String),
    });
    expect((await gig.get("/v1/market", gig.as.jinjiang)).body).toMatchObject({
      id: "qz-jinjiang-gig",
      cityCode: "350500",
    });
  });
});
