import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { person, provider, skillsPolicy, type VoucherHub, voucherHub } from "../support/index.js";

// Two gig-market deployments, each with its own gateway: A serves xm-a, B serves xm-b.
let hub: VoucherHub;
let a: { id: string; headers: Record<string, string> };
let b: { id: string; headers: Record<string, string> };
beforeAll(async () => {
  hub = await voucherHub("vgateways");
  a = await hub.operator("gateway");
  b = await hub.operator("gateway");
  for (const p of [
    provider("xm-a", "gig-market", [a.id]),
    provider("xm-b", "gig-market", [b.id]),
    provider("xm-unbound"),
  ])
    expect((await hub.post("/v1/voucher-providers", p)).status).toBe(201);
  expect(
    (await hub.post("/v1/voucher-policies", skillsPolicy("skills", ["xm-a", "xm-b", "xm-unbound"]))).status,
  ).toBe(201);
});
afterAll(async () => hub?.close());

const providerOf = async (id: string) =>
  (await hub.get("/v1/voucher-providers")).body.items.find((p: { id: string }) => p.id === id);

/** A voucher issued by an operator to a person on a ledger, claimed through gateway A. */
async function claimed() {
  const who = person();
  await hub.onLedger(who, "rural-migrant");
  const issued = await hub.post("/v1/vouchers", { policyId: "skills", personKey: who.key });
  expect(issued.status).toBe(201);
  const id = issued.body.id as string;
  expect((await hub.post(`/v1/vouchers/${id}/claim`, { idNumber: who.idNumber }, a.headers)).status).toBe(
    200,
  );
  return { who, id };
}
const redeem = (id: string, body: Record<string, unknown>, as: Record<string, string>) =>
  hub.post(`/v1/vouchers/${id}/redemption`, body, as);

describe("binding a provider to its gateways", () => {
  it("shows the gateways in the provider view; a provider added without them has none", async () => {
    expect((await providerOf("xm-a")).gatewayIds).toEqual([a.id]);
    expect((await providerOf("xm-unbound")).gatewayIds).toEqual([]);
    const both = [a.id, b.id];
    const added = await hub.post("/v1/voucher-providers", provider("xm-shared", "gig-market", both));
    expect(added.status).toBe(201);
    expect(added.body.gatewayIds).toEqual([...both].sort());
    expect((await providerOf("xm-shared")).gatewayIds).toEqual([...both].sort());
  });

  it("answers 422 with the field path for an unknown id, a non-gateway operator and an inactive gateway, and adds nothing", async () => {
    const operator = await hub.operator("operator");
    const retired = await hub.operator("gateway");
    await hub.query(sql`update hub_operators set active = false where id = ${retired.id}`);
    const ghost = "00000000-0000-4000-8000-00000000dead";
    const res = await hub.post(
      "/v1/voucher-providers",
      provider("xm-bad", "gig-market", [a.id, ghost, operator.id, retired.id]),
    );
    expect(res.status).toBe(422);
    expect(res.type).toMatch(/problem\+json/);
    expect(res.body.type).toMatch(/voucher-provider-invalid$/);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      "gatewayIds.1",
      "gatewayIds.2",
      "gatewayIds.3",
    ]);
    expect(res.body.errors[1].message).toMatch(/not a gateway/);
    expect(await providerOf("xm-bad")).toBeUndefined();
    // The admin role is not a gateway either.
    const admin = await hub.operator("admin");
    const asAdmin = await hub.post("/v1/voucher-providers", provider("xm-bad", "gig-market", [admin.id]));
    expect([asAdmin.status, asAdmin.body.errors[0].path]).toEqual([422, "gatewayIds.0"]);
  });

  it.each([
    ["a duplicate", () => [a.id, b.id, a.id], "gatewayIds.2"],
    ["a duplicate in other letter case", () => [a.id, a.id.toUpperCase()], "gatewayIds.1"],
    ["an id that is not a UUID", () => ["gateway-a"], "gatewayIds.0"],
    ["not a list", () => a.id, "gatewayIds"],
  ])("answers 400 with the field path for %s", async (_, ids, path) => {
    const res = await hub.post("/v1/voucher-providers", { ...provider("xm-bad"), gatewayIds: ids() });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    const patched = await hub.patch("/v1/voucher-providers/xm-a", { gatewayIds: ids() });
    expect(patched.status).toBe(400);
    expect(patched.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
  });

  it("rebinds with PATCH, which replaces the list; checks it the same way; operator or admin only", async () => {
    const c = await hub.operator("gateway");
    await hub.post("/v1/voucher-providers", provider("xm-moving", "gig-market", [a.id]));
    const moved = await hub.patch("/v1/voucher-providers/xm-moving", { gatewayIds: [c.id] });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: "xm-moving", kind: "gig-market", gatewayIds: [c.id] });
    expect(moved.body.settlementAccount.accountNumberMasked).toBe("6222***********5678");
    expect((await providerOf("xm-moving")).gatewayIds).toEqual([c.id]);

    const viewer = await hub.operator("viewer");
    const bad = await hub.patch("/v1/voucher-providers/xm-moving", { gatewayIds: [c.id, viewer.id] });
    expect([bad.status, bad.body.errors.map((e: { path: string }) => e.path)]).toEqual([
      422,
      ["gatewayIds.1"],
    ]);
    expect((await providerOf("xm-moving")).gatewayIds).toEqual([c.id]); // unchanged

    expect((await hub.patch("/v1/voucher-providers/xm-ghost", { gatewayIds: [] })).status).toBe(404);
    expect((await hub.patch("/v1/voucher-providers/xm-moving", {})).status).toBe(400);
    expect(
      (await hub.patch("/v1/voucher-providers/xm-moving", { gatewayIds: [] }, hub.as.viewer)).status,
    ).toBe(403);
    expect((await hub.patch("/v1/voucher-providers/xm-moving", { gatewayIds: [] }, c.headers)).status).toBe(
      403,
    );
    expect((await providerOf("xm-moving")).gatewayIds).toEqual([c.id]);

    const admin = await hub.patch("/v1/voucher-providers/xm-moving", { gatewayIds: [] }, hub.as.admin);
    expect([admin.status, admin.body.gatewayIds]).toEqual([200, []]);
  });
});

describe("a gateway redeems only for the providers it speaks for", () => {
  it("lets a bound gateway redeem (200)", async () => {
    const { who, id } = await claimed();
    const res = await redeem(id, { providerId: "xm-a", personKey: who.key, serviceRef: "a-1" }, a.headers);
    expect(res.status).toBe(200);
    expect(res.body.voucher).toMatchObject({ status: "redeemed", redeemedBy: "xm-a" });
  });

  it("answers another deployment's gateway 403 provider-not-served and changes nothing", async () => {
    const { who, id } = await claimed();
    const countsOf = async () => ({
      ...(
        await hub.query<{ trail: number }>(
          sql`select count(*)::int as trail from hub_voucher_trail where voucher_id = ${id}`,
        )
      )[0]!,
      outbox: (await hub.outbox()).filter((r) => r.data.voucherId === id).length,
    });
    const before = await countsOf();
    expect(before.trail).toBe(2); // issued, claimed
    for (const [providerId, as] of [
      ["xm-a", b.headers], // A's provider, B's gateway
      ["xm-b", a.headers], // B's provider, A's gateway
      ["xm-unbound", a.headers], // a provider no gateway speaks for
      ["ghost", a.headers], // a provider the hub does not know
    ] as const) {
      const res = await redeem(id, { providerId, personKey: who.key, serviceRef: "x" }, as);
      expect(res.status, providerId).toBe(403);
      expect(res.type).toMatch(/application\/problem\+json/);
      expect(res.body.type).toMatch(/provider-not-served$/);
      expect(res.body.detail).toBe(`This gateway does not speak for provider ${providerId}`);
    }
    const view = await hub.get(`/v1/vouchers/${id}`);
    expect([view.body.status, view.body.redeemedBy]).toEqual(["claimed", null]);
    expect(await countsOf()).toEqual(before); // no trail row, no outbox row
    // The voucher is still there for the gateway that does speak for the provider.
    expect((await redeem(id, { providerId: "xm-b", personKey: who.key }, b.headers)).status).toBe(200);
  });

  it("refuses before it looks at the voucher: no 404 or 422 told to a gateway that does not serve the provider", async () => {
    const missing = "00000000-0000-4000-8000-000000000001";
    const body = { providerId: "xm-a", personKey: person().key };
    expect((await redeem(missing, body, b.headers)).body.type).toMatch(/provider-not-served$/);
    expect((await redeem(missing, body, a.headers)).status).toBe(404);
  });

  it("follows a rebinding at once", async () => {
    const c = await hub.operator("gateway");
    await hub.post("/v1/voucher-providers", provider("xm-rebound", "gig-market", [a.id]));
    await hub.patch("/v1/voucher-policies/skills", {
      eligibleProviders: ["xm-a", "xm-b", "xm-unbound", "xm-rebound"],
    });
    const first = await claimed();
    expect(
      (await redeem(first.id, { providerId: "xm-rebound", personKey: first.who.key }, c.headers)).status,
    ).toBe(403);
    expect((await hub.patch("/v1/voucher-providers/xm-rebound", { gatewayIds: [c.id] })).status).toBe(200);
    const second = await claimed();
    const byA = await redeem(second.id, { providerId: "xm-rebound", personKey: second.who.key }, a.headers);
    expect(byA.body.type).toMatch(/provider-not-served$/);
    expect(
      (await redeem(first.id, { providerId: "xm-rebound", personKey: first.who.key }, c.headers)).status,
    ).toBe(200);
  });

  it("leaves operators and admins redeeming on any provider's behalf, and a gateway's read and claim, as they were", async () => {
    const one = await claimed();
    expect(
      (await redeem(one.id, { providerId: "xm-unbound", personKey: one.who.key }, hub.as.operator)).status,
    ).toBe(200);
    const two = await claimed();
    expect((await redeem(two.id, { providerId: "xm-a", personKey: two.who.key }, hub.as.admin)).status).toBe(
      200,
    );
    // The tests' default gateway serves no provider here, yet reads and claims.
    const who = person();
    await hub.onLedger(who, "rural-migrant");
    const { id } = (await hub.post("/v1/vouchers", { policyId: "skills", personKey: who.key })).body;
    expect((await hub.get(`/v1/vouchers/${id}`, hub.as.gateway)).status).toBe(200);
    expect(
      (await hub.post(`/v1/vouchers/${id}/claim`, { idNumber: who.idNumber }, hub.as.gateway)).status,
    ).toBe(200);
  });
});
