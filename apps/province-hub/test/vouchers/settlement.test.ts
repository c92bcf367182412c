import { createHash } from "node:crypto";
import { addDays, chinaToday } from "@pes/core";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { person, provider, skillsPolicy, type VoucherHub, voucherHub } from "../support/index.js";

let hub: VoucherHub;
const today = chinaToday();
const period = today.slice(0, 7);
const PROVIDERS = ["xm-siming", "xm-huli", "xm-tech-school"];

/** Issues `n` vouchers of `policy` through a run, claims them all; returns their ids and holders. */
async function claimedVouchers(policy: string, group: string, n: number) {
  const people = Array.from({ length: n }, () => person());
  for (const who of people) await hub.onLedger(who, group);
  expect((await hub.post(`/v1/voucher-policies/${policy}/issue-runs`, {})).body.issued).toBe(n);
  const vouchers = [];
  for (const who of people) {
    const [v] = (await hub.get(`/v1/vouchers?personKey=${who.key}&policyId=${policy}`)).body.items;
    expect(
      (await hub.post(`/v1/vouchers/${v.id}/claim`, { idNumber: who.idNumber }, hub.as.gateway)).status,
    ).toBe(200);
    vouchers.push({ id: v.id as string, who });
  }
  return vouchers;
}

beforeAll(async () => {
  hub = await voucherHub("vsettle");
  await hub.market("xm-siming");
  await hub.market("xm-huli", "350200", "350206");
  const served = [hub.gatewayId];
  for (const p of [
    provider("xm-siming", "gig-market", served),
    provider("xm-huli", "gig-market", served),
    provider("xm-tech-school", "training-school", served),
  ])
    expect((await hub.post("/v1/voucher-providers", p)).status).toBe(201);
  // Annex 1: skills training 1,000 yuan, entrepreneurship training 1,500 yuan a person.
  expect((await hub.post("/v1/voucher-policies", skillsPolicy("skills", PROVIDERS))).status).toBe(201);
  const ent = skillsPolicy("startup", PROVIDERS, {
    name: "创业培训补贴券",
    serviceKind: "entrepreneurship-training",
    amountFen: 150_000,
    eligibleGroups: ["college-graduate"],
  });
  expect((await hub.post("/v1/voucher-policies", ent)).status).toBe(201);
});
afterAll(async () => hub?.close());

describe("settlement (拨付) and reconciliation (对账)", () => {
  it("settles a provider's redeemed vouchers in one batch with a file, and the figures add up", async () => {
    const skills = await claimedVouchers("skills", "rural-migrant", 6);
    const startup = await claimedVouchers("startup", "college-graduate", 4);
    const redeem = (v: (typeof skills)[number], providerId: string, serviceRef: string) =>
      hub.post(
        `/v1/vouchers/${v.id}/redemption`,
        { providerId, personKey: v.who.key, serviceRef },
        hub.as.gateway,
      );
    // Siming redeems 3 skills + 1 startup, Huli 1 skills, the school 2 startup; the rest stay claimed.
    for (const [i, v] of skills.slice(0, 3).entries())
      expect((await redeem(v, "xm-siming", `sm-${i}`)).status).toBe(200);
    expect((await redeem(startup[0]!, "xm-siming", "=cmd|calc")).status).toBe(200);
    expect((await redeem(skills[3]!, "xm-huli", "hl-1")).status).toBe(200);
    for (const [i, v] of startup.slice(1, 3).entries())
      expect((await redeem(v, "xm-tech-school", `ts-${i}`)).status).toBe(200);
    // One revoked, one expired (its last day moved into the past), one left usable.
    expect(
      (await hub.post(`/v1/vouchers/${skills[4]!.id}/revocation`, { reason: "不符合条件" })).status,
    ).toBe(200);
    await hub.query(
      sql`update hub_vouchers set expires_on = ${addDays(today, -1)}::date where id = ${skills[5]!.id}`,
    );
    expect((await hub.post("/v1/voucher-expiry-runs", {})).body.expired).toBe(1);

    // Nothing was redeemed through yesterday: a clear 422, not an empty settlement.
    const early = await hub.post("/v1/voucher-settlements", {
      providerId: "xm-siming",
      through: addDays(today, -1),
    });
    expect([early.status, early.body.type]).toEqual([422, "urn:pes:problem:voucher-settlement-empty"]);
    expect((await hub.post("/v1/voucher-settlements", { providerId: "ghost", through: today })).status).toBe(
      404,
    );

    // Two operators settling Siming at once: one batch, the other finds nothing left.
    const [a, b] = await Promise.all([
      hub.post("/v1/voucher-settlements", { providerId: "xm-siming", through: today }),
      hub.post("/v1/voucher-settlements", { providerId: "xm-siming", through: today }, hub.as.admin),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 422]);
    const settlement = (a.status === 201 ? a : b).body;
    expect(settlement).toMatchObject({
      providerId: "xm-siming",
      through: today,
      voucherCount: 4,
      totalFen: 450_000,
    });
    expect(settlement.paymentRef).toMatch(/^PAY-\d{8}-[0-9A-F]{10}$/);

    const file = await hub.get(`/v1/voucher-settlements/${settlement.id}/file`);
    expect(file.status).toBe(200);
    expect(file.type).toMatch(/^text\/csv/);
    expect(file.headers.get("content-disposition")).toBe(
      `attachment; filename="voucher-settlement-${settlement.paymentRef}.csv"`,
    );
    expect(createHash("sha256").update(file.text, "utf8").digest("hex")).toBe(settlement.fileSha256);
    const lines = file.text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "voucher_id,policy_id,policy_name,amount_fen,redeemed_at,service_ref,holder_masked",
    );
    expect(lines).toHaveLength(6);
    expect(lines.at(-1)).toBe("total,,4 vouchers,450000,,,");
    expect(file.text).toContain(",'=cmd|calc,"); // a formula is never run by a spreadsheet
    for (const v of [...skills.slice(0, 3), startup[0]!]) {
      const line = lines.find((l) => l.startsWith(v.id))!;
      expect(line).toContain(`陈* ${v.who.idNumber.slice(0, 4)}**********${v.who.idNumber.slice(-4)}`);
      expect(file.text).not.toContain(v.who.idNumber);
    }

    const settled = await hub.get(`/v1/vouchers?status=settled`);
    expect(settled.body.items.map((v: { settlementId: string }) => v.settlementId)).toEqual(
      Array(4).fill(settlement.id),
    );
    const events = (await hub.outboxed(skills[0]!.id)).filter((o) => o.topic === "pes.province.vouchers");
    expect(events.at(-1)).toMatchObject({
      revision: 4,
      event: { type: "settled", providerId: "xm-siming", paymentRef: settlement.paymentRef },
    });
    const trail = await hub.get(`/v1/vouchers/${skills[0]!.id}/trail`);
    expect(trail.body.items.at(-1)).toMatchObject({
      step: 4,
      status: "settled",
      details: { paymentRef: settlement.paymentRef },
    });

    expect((await hub.get(`/v1/voucher-settlements/${settlement.id}`)).body.fileSha256).toBe(
      settlement.fileSha256,
    );
    expect((await hub.get("/v1/voucher-settlements?providerId=xm-siming")).body.items).toHaveLength(1);
    expect((await hub.get("/v1/voucher-settlements/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    // A settled voucher cannot be redeemed again, not even by the provider that was paid.
    const again = await redeem(skills[0]!, "xm-huli", "x");
    expect([again.status, again.body.voucherStatus]).toEqual([409, "settled"]);

    const rec = await hub.get(`/v1/voucher-reconciliation?period=${period}`);
    expect(rec.status).toBe(200);
    const end = rec.body.province.atPeriodEnd;
    expect(end.issued).toEqual({ count: 10, fen: 6 * 100_000 + 4 * 150_000 });
    expect(end.redeemed).toEqual({ count: 7, fen: 4 * 100_000 + 3 * 150_000 });
    expect(end.settled).toEqual({ count: 4, fen: 450_000 });
    expect(end.expired.count).toBe(1);
    expect(end.revoked.count).toBe(1);
    expect(end.outstanding).toEqual({ count: 1, fen: 150_000 });
    expect(end.claimed.count).toBe(10);
    for (const unit of ["count", "fen"] as const) {
      expect(end.issued[unit]).toBe(
        end.outstanding[unit] + end.redeemed[unit] + end.expired[unit] + end.revoked[unit],
      );
      expect(end.redeemed[unit]).toBe(end.settled[unit] + end.awaitingSettlement[unit]);
      expect(rec.body.total.redeemedToEnd[unit]).toBe(end.redeemed[unit]);
      expect(rec.body.total.redeemedToEnd[unit]).toBe(
        rec.body.total.settledToEnd[unit] + rec.body.total.awaitingAtEnd[unit],
      );
      const sum = (key: string) =>
        rec.body.providers.reduce(
          (s: number, p: Record<string, { count: number; fen: number }>) => s + p[key]![unit],
          0,
        );
      expect(sum("redeemedInPeriod")).toBe(rec.body.total.redeemedInPeriod[unit]);
    }
    expect(rec.body.providers.map((p: { providerId: string }) => p.providerId)).toEqual([
      "xm-huli",
      "xm-siming",
      "xm-tech-school",
    ]);
    const siming = rec.body.providers.find((p: { providerId: string }) => p.providerId === "xm-siming");
    expect(siming).toMatchObject({
      redeemedInPeriod: { count: 4, fen: 450_000 },
      settledInPeriod: { count: 4, fen: 450_000 },
      awaitingAtEnd: { count: 0, fen: 0 },
    });
    expect(rec.body.province.inPeriod).toMatchObject({
      issued: { count: 10 },
      redeemed: { count: 7 },
      settled: { count: 4 },
    });

    const one = await hub.get(`/v1/voucher-reconciliation?period=${period}&providerId=xm-tech-school`);
    expect(one.body.providers).toEqual([
      expect.objectContaining({ providerId: "xm-tech-school", awaitingAtEnd: { count: 2, fen: 300_000 } }),
    ]);
    const before = await hub.get("/v1/voucher-reconciliation?period=2020-01");
    expect(before.body.province.atPeriodEnd.issued).toEqual({ count: 0, fen: 0 });
    expect(before.body.providers).toEqual([]);
  });

  it.each([
    ["a period that is not a month", "/v1/voucher-reconciliation?period=2026-13", "period"],
    ["no period", "/v1/voucher-reconciliation", "period"],
  ])("answers 400 for %s", async (_, path, field) => {
    const res = await hub.get(path);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it.each([
    ["no provider", { through: "2026-01-31" }, "providerId"],
    ["a date that does not exist", { providerId: "xm-siming", through: "2026-02-30" }, "through"],
  ])("answers 400 to a settlement with %s", async (_, body, field) => {
    const res = await hub.post("/v1/voucher-settlements", body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });
});
