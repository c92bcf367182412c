import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hubVoucherAuthority } from "../src/use-cases/vouchers/authority.js";
import { type GigApp, idNumber, testApp } from "./support/index.js";

// The voucher routes when the hub cannot be asked: never a half-made redemption, always a clear 503.
let gig: GigApp;
let workerId: string;
beforeAll(async () => {
  gig = await testApp("vouchers-offline");
  const res = await gig.post("/v1/workers", {
    idNumber: idNumber({ birthDate: "1990-01-01" }),
    name: "王五",
    consent: { given: true },
  });
  workerId = res.body.id;
});
afterAll(async () => gig?.close());

const redemptionCount = async () => (await gig.get("/v1/voucher-redemptions")).body.items.length;

describe("without a voucher authority", () => {
  it("answers 503 problem+json to a redemption and a voucher look-up, and keeps nothing", async () => {
    const res = await gig.post("/v1/voucher-redemptions", { voucherId: "V-1", workerId });
    expect(res.status).toBe(503);
    expect(res.type).toMatch(/problem\+json/);
    expect(res.body.detail).toMatch(/PES_HUB_URL/);
    expect((await gig.get("/v1/vouchers/V-1")).status).toBe(503);
    expect(await redemptionCount()).toBe(0);
  });

  it("answers 503 when the hub does not answer, and keeps nothing", async () => {
    gig.services.vouchers = hubVoucherAuthority({
      url: "http://127.0.0.1:9",
      token: "pes_ph_x",
      timeoutMs: 2_000,
    });
    const res = await gig.post("/v1/voucher-redemptions", { voucherId: "V-1", workerId });
    expect(res.status).toBe(503);
    expect(res.body.type).toMatch(/voucher-authority-unavailable$/);
    expect(await redemptionCount()).toBe(0);
  });

  it.each([
    ["no voucher", { voucherId: undefined }, "voucherId"],
    ["a voucher id with spaces", { voucherId: "V 1" }, "voucherId"],
    ["no worker", { workerId: undefined }, "workerId"],
    ["a placement id that is no uuid", { placementId: "p1" }, "placementId"],
    ["an empty service reference", { serviceRef: " " }, "serviceRef"],
  ])("answers 400 with the field path to %s", async (_, over, path) => {
    const res = await gig.post("/v1/voucher-redemptions", { voucherId: "V-1", workerId, ...over });
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path, in: "body" }));
  });

  it("answers 404 for another market's worker before asking the hub", async () => {
    const res = await gig.post("/v1/voucher-redemptions", { voucherId: "V-1", workerId }, gig.as.jinjiang);
    expect(res.status).toBe(404);
  });
});
