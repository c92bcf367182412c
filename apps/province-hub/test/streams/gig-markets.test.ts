import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type VoucherHub, voucherHub } from "../support/index.js";

let hub: VoucherHub;
beforeAll(async () => {
  hub = await voucherHub("hubmarkets");
});
afterAll(async () => hub?.close());

describe("GET /v1/gig-markets", () => {
  it("lists the markets the hub learned from their gig events, with the districts of their work, unregistered", async () => {
    expect((await hub.get("/v1/gig-markets")).body).toEqual({ items: [] });
    await hub.market("xm-siming-gig", "350200", "350203");
    await hub.market("xm-siming-gig", "350200", "350206");
    await hub.market("qz-jinjiang-gig", "350500", "350582");
    const all = await hub.get("/v1/gig-markets");
    expect(all.status).toBe(200);
    expect(all.body.items).toEqual([
      {
        marketId: "qz-jinjiang-gig",
        cityCode: "350500",
        districtCodes: ["350582"],
        lastSeenAt: expect.any(String),
        // Learned from gig events only: not in the registry until an operator registers it.
        districtCode: null,
        name: null,
        standardised: false,
        registeredBy: null,
        registeredAt: null,
      },
      {
        marketId: "xm-siming-gig",
        cityCode: "350200",
        districtCodes: ["350203", "350206"],
        lastSeenAt: expect.any(String),
        // Learned from gig events only: not in the registry until an operator registers it.
        districtCode: null,
        name: null,
        standardised: false,
        registeredBy: null,
        registeredAt: null,
      },
    ]);
    const xiamen = await hub.get("/v1/gig-markets?city=350200");
    expect(xiamen.body.items.map((m: { marketId: string }) => m.marketId)).toEqual(["xm-siming-gig"]);
  });

  it("refuses a bad city with its path, a gateway and a caller without a token", async () => {
    const bad = await hub.get("/v1/gig-markets?city=110000");
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ path: "city", in: "query" }));
    expect((await hub.get("/v1/gig-markets", hub.as.gateway)).status).toBe(403);
    expect((await hub.get("/v1/gig-markets", {})).status).toBe(401);
  });
});
