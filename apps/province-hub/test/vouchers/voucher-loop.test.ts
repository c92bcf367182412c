import { addDays, chinaToday } from "@pes/core";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOP, PROVIDER_LOOP } from "../../src/use-cases/vouchers/loop.js";
import { person, provider, skillsPolicy, type VoucherHub, voucherHub, type Who } from "../support/index.js";

type Figure = { count: number; fen: number };
type Figures = Record<string, Figure>;

let hub: VoucherHub;
const today = chinaToday();
const period = today.slice(0, 7);
const [y, m] = period.split("-").map(Number) as [number, number];
const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
const PROVIDERS = ["xm-siming", "xm-tech-school", "xm-huli"];
const SKILLS = 100_000;
const STARTUP = 150_000;
const fig = (count: number, fen: number) => ({ count, fen });

/** A voucher of `policy` issued by an operator to a new person of `group`, claimed if `claim`. */
async function voucher(policy: string, group: string, claim = true) {
  const who: Who = person();
  await hub.onLedger(who, group);
  const issued = await hub.post("/v1/vouchers", { policyId: policy, personKey: who.key });
  expect(issued.status).toBe(201);
  if (claim) {
    const res = await hub.post(
      `/v1/vouchers/${issued.body.id}/claim`,
      { idNumber: who.idNumber },
      hub.as.gateway,
    );
    expect(res.status).toBe(200);
  }
  return { id: issued.body.id as string, who };
}
async function redeem(v: { id: string; who: Who }, providerId: string) {
  const body = { providerId, personKey: v.who.key, serviceRef: `ref-${v.id}` };
  expect((await hub.post(`/v1/vouchers/${v.id}/redemption`, body, hub.as.gateway)).status).toBe(200);
}
async function settle(providerId: string) {
  expect((await hub.post("/v1/voucher-settlements", { providerId, through: today })).status).toBe(201);
}

/** The sum identities a loop must satisfy, and its total equal to reconcile's for the period. */
async function expectConsistent(
  loop: { policies: Figures[]; providers: Figures[]; total: Figures },
  p: string,
) {
  const { total } = loop;
  const rec = (await hub.get(`/v1/voucher-reconciliation?period=${p}`)).body.province.atPeriodEnd;
  for (const n of LOOP) expect(total[n], `total.${n} = reconcile's`).toEqual(rec[n]);
  const sum = (rows: Figures[], n: string, u: keyof Figure) => rows.reduce((s, r) => s + r[n]![u], 0);
  for (const u of ["count", "fen"] as const) {
    for (const n of LOOP) expect(sum(loop.policies, n, u), `policies' ${n}.${u}`).toBe(total[n]![u]);
    expect(total.issued![u]).toBe(
      total.outstanding![u] + total.redeemed![u] + total.expired![u] + total.revoked![u],
    );
    expect(sum(loop.providers, "redeemed", u)).toBe(total.redeemed![u]);
    expect(sum(loop.providers, "settled", u)).toBe(total.settled![u]);
    for (const r of loop.providers) expect(r.redeemed![u]).toBe(r.settled![u] + r.awaitingSettlement![u]);
  }
}

let settledEarly: { id: string; who: Who };
beforeAll(async () => {
  hub = await voucherHub("vloopview");
  await hub.market("xm-siming");
  await hub.market("xm-huli", "350200", "350206");
  const served = [hub.gatewayId];
  for (const p of [
    provider("xm-siming", "gig-market", served),
    provider("xm-tech-school", "training-school", served),
    provider("xm-huli", "gig-market", served), // redeems nothing: a zero row
  ])
    expect((await hub.post("/v1/voucher-providers", p)).status).toBe(201);
  const policies = [
    skillsPolicy("skills", PROVIDERS),
    skillsPolicy("startup", PROVIDERS, {
      name: "创业培训补贴券",
      serviceKind: "entrepreneurship-training",
      amountFen: STARTUP,
      eligibleGroups: ["college-graduate"],
    }),
    skillsPolicy("idle", PROVIDERS, { name: "未发放的券", eligibleGroups: ["disabled"] }), // no vouchers
  ];
  for (const p of policies) expect((await hub.post("/v1/voucher-policies", p)).status).toBe(201);

  // skills: one unclaimed and one claimed (outstanding), two redeemed at Siming and settled, one
  // redeemed at Siming after its settlement (awaiting), one revoked, one expired.
  await voucher("skills", "rural-migrant", false);
  await voucher("skills", "rural-migrant");
  const [s2, s3, s4, s5, s6] = [
    await voucher("skills", "rural-migrant"),
    await voucher("skills", "rural-migrant"),
    await voucher("skills", "rural-migrant"),
    await voucher("skills", "rural-migrant"),
    await voucher("skills", "rural-migrant"),
  ];
  // startup: one claimed (outstanding), one redeemed at the school (awaiting), one at Siming, settled.
  await voucher("startup", "college-graduate");
  const [t1, t2] = [
    await voucher("startup", "college-graduate"),
    await voucher("startup", "college-graduate"),
  ];
  for (const v of [s2!, s3!, t2!]) await redeem(v, "xm-siming");
  await redeem(t1!, "xm-tech-school");
  await settle("xm-siming");
  await redeem(s4!, "xm-siming");
  expect((await hub.post(`/v1/vouchers/${s5!.id}/revocation`, { reason: "不符合条件" })).status).toBe(200);
  await hub.query(sql`update hub_vouchers set expires_on = ${addDays(today, -1)}::date where id = ${s6!.id}`);
  expect((await hub.post("/v1/voucher-expiry-runs", {})).body.expired).toBe(1);
  settledEarly = s2!;
});
afterAll(async () => hub?.close());

describe("the voucher loop (GET /v1/voucher-loop)", () => {
  it("gives the month's figures per policy and provider, zero rows included, adding up to reconcile's", async () => {
    const res = await hub.get(`/v1/voucher-loop?period=${period}`);
    expect(res.status).toBe(200);
    const loop = res.body;
    expect(loop.period).toBe(period);
    // The month is under way: the figures stand now.
    expect(Date.parse(loop.asOf)).toBeLessThanOrEqual(Date.now());
    expect(Date.now() - Date.parse(loop.asOf)).toBeLessThan(60_000);

    expect(loop.policies).toEqual([
      {
        policyId: "idle",
        policyName: "未发放的券",
        ...Object.fromEntries(LOOP.map((n) => [n, fig(0, 0)])),
      },
      {
        policyId: "skills",
        policyName: "职业技能培训补贴券",
        issued: fig(7, 7 * SKILLS),
        claimed: fig(6, 6 * SKILLS),
        redeemed: fig(3, 3 * SKILLS),
        settled: fig(2, 2 * SKILLS),
        outstanding: fig(2, 2 * SKILLS),
        expired: fig(1, SKILLS),
        revoked: fig(1, SKILLS),
      },
      {
        policyId: "startup",
        policyName: "创业培训补贴券",
        issued: fig(3, 3 * STARTUP),
        claimed: fig(3, 3 * STARTUP),
        redeemed: fig(2, 2 * STARTUP),
        settled: fig(1, STARTUP),
        outstanding: fig(1, STARTUP),
        expired: fig(0, 0),
        revoked: fig(0, 0),
      },
    ]);
    expect(loop.providers).toEqual([
      {
        providerId: "xm-huli",
        providerName: "xm-huli 服务机构",
        ...Object.fromEntries(PROVIDER_LOOP.map((n) => [n, fig(0, 0)])),
      },
      {
        providerId: "xm-siming",
        providerName: "xm-siming 服务机构",
        redeemed: fig(4, 3 * SKILLS + STARTUP),
        settled: fig(3, 2 * SKILLS + STARTUP),
        awaitingSettlement: fig(1, SKILLS),
      },
      {
        providerId: "xm-tech-school",
        providerName: "xm-tech-school 服务机构",
        redeemed: fig(1, STARTUP),
        settled: fig(0, 0),
        awaitingSettlement: fig(1, STARTUP),
      },
    ]);
    expect(loop.total).toEqual({
      issued: fig(10, 7 * SKILLS + 3 * STARTUP),
      claimed: fig(9, 6 * SKILLS + 3 * STARTUP),
      redeemed: fig(5, 3 * SKILLS + 2 * STARTUP),
      settled: fig(3, 2 * SKILLS + STARTUP),
      outstanding: fig(3, 2 * SKILLS + STARTUP),
      expired: fig(1, SKILLS),
      revoked: fig(1, SKILLS),
    });
    await expectConsistent(loop, period);

    // Without a period: the current month in China time.
    const current = await hub.get("/v1/voucher-loop");
    expect(current.status).toBe(200);
    expect({ ...current.body, asOf: loop.asOf }).toEqual(loop);
  });

  it("reads a past month from the transition times: a voucher stands where it stood at that end", async () => {
    // Issued, claimed and redeemed last month (settled this month): last month it awaited settlement.
    const mid = `${lastMonth}-15 12:00+08`;
    await hub.query(
      sql`update hub_vouchers set issued_at = ${mid}::timestamptz, claimed_at = ${mid}::timestamptz,
        redeemed_at = ${mid}::timestamptz where id = ${settledEarly.id}`,
    );
    const res = await hub.get(`/v1/voucher-loop?period=${lastMonth}`);
    expect(res.status).toBe(200);
    expect(res.body.asOf).toBe(new Date(`${period}-01T00:00:00+08:00`).toISOString());
    // The policies and providers were added this month: only those with figures then are listed.
    expect(res.body.policies).toEqual([
      expect.objectContaining({
        policyId: "skills",
        issued: fig(1, SKILLS),
        redeemed: fig(1, SKILLS),
        settled: fig(0, 0),
        outstanding: fig(0, 0),
      }),
    ]);
    expect(res.body.providers).toEqual([
      {
        providerId: "xm-siming",
        providerName: "xm-siming 服务机构",
        redeemed: fig(1, SKILLS),
        settled: fig(0, 0),
        awaitingSettlement: fig(1, SKILLS),
      },
    ]);
    await expectConsistent(res.body, lastMonth);
    // This month's figures are cumulative, so they do not move.
    expect((await hub.get(`/v1/voucher-loop?period=${period}`)).body.total.redeemed).toEqual(
      fig(5, 3 * SKILLS + 2 * STARTUP),
    );

    const before = await hub.get("/v1/voucher-loop?period=2020-01");
    expect(before.body).toEqual({
      period: "2020-01",
      asOf: "2020-01-31T16:00:00.000Z",
      policies: [],
      providers: [],
      total: Object.fromEntries(LOOP.map((n) => [n, fig(0, 0)])),
    });
  });

  it.each(["2026-13", "2026-1", "26-01", ""])(
    "answers 400 problem+json naming period for period=%j",
    async (p) => {
      const res = await hub.get(`/v1/voucher-loop?period=${p}`);
      expect(res.status).toBe(400);
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([expect.objectContaining({ path: "period", in: "query" })]);
    },
  );

  it("is refused to a gateway", async () => {
    expect((await hub.get(`/v1/voucher-loop?period=${period}`, hub.as.gateway)).status).toBe(403);
  });
});
