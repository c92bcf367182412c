import { PiiCipher } from "@pes/sync";
import { waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scheduleExpiry } from "../../src/use-cases/vouchers/schedule.js";
import {
  cipherKey,
  person,
  provider,
  skillsPolicy,
  TEST_TRUST,
  type VoucherHub,
  voucherHub,
  type Who,
} from "../support/index.js";

let hub: VoucherHub;
const MARKETS = ["xm-siming", "xm-huli"];
beforeAll(async () => {
  hub = await voucherHub("vloop");
  await hub.market("xm-siming", "350200", "350203");
  await hub.market("xm-huli", "350200", "350206");
  await hub.market("xm-other", "350200", "350203"); // in the district but not an eligible provider
  // The tests' gateway speaks for every provider (a deployment serving several markets and the school).
  const served = [hub.gatewayId];
  for (const p of [
    ...MARKETS.map((m) => provider(m, "gig-market", served)),
    provider("xm-other", "gig-market", served),
    provider("xm-tech-school", "training-school", served),
  ])
    expect((await hub.post("/v1/voucher-providers", p)).status).toBe(201);
  expect(
    (await hub.post("/v1/voucher-policies", skillsPolicy("skills", [...MARKETS, "xm-tech-school"]))).status,
  ).toBe(201);
});
afterAll(async () => hub?.close());

/** A person on the rural-migrant ledger of Siming, with a voucher of `policy` issued by an operator. */
async function holder(policy = "skills"): Promise<{ who: Who; id: string }> {
  const who = person();
  await hub.onLedger(who, "rural-migrant");
  const issued = await hub.post("/v1/vouchers", { policyId: policy, personKey: who.key });
  expect(issued.status).toBe(201);
  return { who, id: issued.body.id };
}
async function claimed(policy = "skills") {
  const h = await holder(policy);
  expect(
    (await hub.post(`/v1/vouchers/${h.id}/claim`, { idNumber: h.who.idNumber }, hub.as.gateway)).status,
  ).toBe(200);
  return h;
}
const redeem = (id: string, body: Record<string, unknown>, as = hub.as.gateway) =>
  hub.post(`/v1/vouchers/${id}/redemption`, body, as);

describe("issue by rule", () => {
  it("pages through the vouchers of one issue run without skipping any (they share its timestamp)", async () => {
    await hub.post("/v1/voucher-policies", skillsPolicy("paging", MARKETS, { eligibleGroups: ["disabled"] }));
    const holders = [person(), person(), person(), person(), person()];
    for (const who of holders) await hub.onLedger(who, "disabled");
    expect((await hub.post("/v1/voucher-policies/paging/issue-runs", {})).body.issued).toBe(5);
    const seen: string[] = [];
    for (let cursor = ""; ; ) {
      const page = await hub.get(`/v1/vouchers?policyId=paging&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.body.items.map((v: { personKey: string }) => v.personKey));
      if (!page.body.nextCursor) break;
      cursor = page.body.nextCursor;
    }
    expect(seen.sort()).toEqual(holders.map((h) => h.key).sort());
  });

  it("issues one voucher to every eligible person of the ledgers, and nothing new when run again", async () => {
    expect(
      (
        await hub.post(
          "/v1/voucher-policies",
          skillsPolicy("graduates", MARKETS, { eligibleGroups: ["college-graduate"] }),
        )
      ).status,
    ).toBe(201);
    const xiamen = [person(), person(), person()];
    for (const who of xiamen) await hub.onLedger(who, "college-graduate");
    const quanzhou = person();
    await hub.onLedger(quanzhou, "college-graduate", "350500", "350582");
    const ended = person();
    await hub.onLedger(ended, "college-graduate", "350200", "350203", { endedOn: "2026-02-01" });
    await hub.onLedger(person(), "veteran"); // not an eligible group

    const first = await hub.post("/v1/voucher-policies/graduates/issue-runs", { cityCode: "350200" });
    expect(first.body).toEqual({ policyId: "graduates", issued: 3 });
    expect(
      (await hub.post("/v1/voucher-policies/graduates/issue-runs", { cityCode: "350200" })).body.issued,
    ).toBe(0);
    expect((await hub.post("/v1/voucher-policies/graduates/issue-runs", {})).body.issued).toBe(1); // Quanzhou's
    expect((await hub.post("/v1/voucher-policies/graduates/issue-runs", {})).body.issued).toBe(0);

    const list = await hub.get("/v1/vouchers?policyId=graduates&status=issued");
    expect(list.body.items).toHaveLength(4);
    expect(list.body.items.map((v: { personKey: string }) => v.personKey).sort()).toEqual(
      [...xiamen, quanzhou].map((w) => w.key).sort(),
    );
    const v = list.body.items.find((x: { personKey: string }) => x.personKey === xiamen[0]!.key);
    expect(v).toMatchObject({
      amountFen: 100_000,
      status: "issued",
      policyName: "职业技能培训补贴券",
      cityCode: "350200",
      districtCode: "350203",
    });
    expect(v.holder.idNumberMasked).toBe(
      `${xiamen[0]!.idNumber.slice(0, 4)}**********${xiamen[0]!.idNumber.slice(-4)}`,
    );
    expect(v.holder.nameMasked).toBe("陈*");
    expect(JSON.stringify(list.body)).not.toContain(xiamen[0]!.idNumber);
  });

  it("runs concurrently without issuing a person two vouchers", async () => {
    expect(
      (
        await hub.post(
          "/v1/voucher-policies",
          skillsPolicy("veterans", MARKETS, { eligibleGroups: ["veteran"] }),
        )
      ).status,
    ).toBe(201);
    for (let i = 0; i < 5; i++) await hub.onLedger(person(), "veteran");
    const runs = await Promise.all(
      [1, 2, 3].map(() => hub.post("/v1/voucher-policies/veterans/issue-runs", {})),
    );
    expect(runs.every((r) => r.status === 200)).toBe(true);
    const [{ n, people }] = (await hub.query<{ n: number; people: number }>(
      sql`select count(*)::int as n, count(distinct person_key)::int as people from hub_vouchers where policy_id = 'veterans'`,
    )) as [{ n: number; people: number }];
    expect(n).toBe(people);
    expect(runs.reduce((s, r) => s + r.body.issued, 0)).toBe(n);
  });

  it("refuses outside the issue window, an unknown or ineligible person, and a second live voucher", async () => {
    expect(
      (
        await hub.post(
          "/v1/voucher-policies",
          skillsPolicy("closed", MARKETS, { issueFrom: "2026-01-01", issueUntil: "2026-01-31" }),
        )
      ).status,
    ).toBe(201);
    const run = await hub.post("/v1/voucher-policies/closed/issue-runs", {});
    expect(run.status).toBe(422);
    expect(run.body.type).toMatch(/voucher-policy-not-issuing$/);
    expect((await hub.post("/v1/voucher-policies/nope/issue-runs", {})).status).toBe(404);
    expect((await hub.post("/v1/vouchers", { policyId: "skills", personKey: person().key })).status).toBe(
      404,
    );
    const veteran = person();
    await hub.onLedger(veteran, "veteran");
    const ineligible = await hub.post("/v1/vouchers", { policyId: "skills", personKey: veteran.key });
    expect([ineligible.status, ineligible.body.type]).toEqual([422, "urn:pes:problem:person-not-eligible"]);
    const { who } = await holder();
    const again = await hub.post("/v1/vouchers", { policyId: "skills", personKey: who.key });
    expect([again.status, again.body.type]).toEqual([409, "urn:pes:problem:voucher-already-held"]);
  });

  it.each([
    ["POST /v1/vouchers", "/v1/vouchers", { policyId: "skills", personKey: "pk_short" }, "personKey"],
    ["POST /v1/vouchers", "/v1/vouchers", { personKey: `pk_${"a".repeat(32)}` }, "policyId"],
    ["an issue run", "/v1/voucher-policies/skills/issue-runs", { cityCode: "110000" }, "cityCode"],
    [
      "a claim",
      "/v1/vouchers/00000000-0000-4000-8000-000000000000/claim",
      { idNumber: "350203199001011234" },
      "idNumber",
    ],
    [
      "a redemption",
      "/v1/vouchers/00000000-0000-4000-8000-000000000000/redemption",
      { personKey: `pk_${"a".repeat(32)}` },
      "providerId",
    ],
    [
      "a redemption",
      "/v1/vouchers/00000000-0000-4000-8000-000000000000/redemption",
      { providerId: "xm-siming", personKey: `pk_${"a".repeat(32)}`, marketId: "XM" },
      "marketId",
    ],
    [
      "a redemption",
      "/v1/vouchers/not-a-uuid/redemption",
      { providerId: "xm-siming", personKey: `pk_${"a".repeat(32)}` },
      "voucherId",
    ],
    [
      "a revocation",
      "/v1/vouchers/00000000-0000-4000-8000-000000000000/revocation",
      { reason: "" },
      "reason",
    ],
    ["an expiry run", "/v1/voucher-expiry-runs", { asOf: "2026-13-01" }, "asOf"],
  ])("answers 400 with the field path for bad input to %s (%s)", async (_, path, body, field) => {
    const res = await hub.post(path, body, hub.as.operator);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });
});

describe("claim", () => {
  it("needs the holder's ID number, and claiming again answers the claimed voucher", async () => {
    const { who, id } = await holder();
    const wrong = await hub.post(`/v1/vouchers/${id}/claim`, { idNumber: person().idNumber }, hub.as.gateway);
    expect([wrong.status, wrong.body.type]).toEqual([422, "urn:pes:problem:voucher-holder-mismatch"]);
    const ok = await hub.post(`/v1/vouchers/${id}/claim`, { idNumber: who.idNumber }, hub.as.gateway);
    expect([ok.status, ok.body.status]).toEqual([200, "claimed"]);
    const again = await hub.post(`/v1/vouchers/${id}/claim`, { idNumber: who.idNumber }, hub.as.operator);
    expect([again.status, again.headers.get("idempotent-replayed")]).toEqual([200, "true"]);
    expect(
      (await hub.post(`/v1/vouchers/${id}/claim`, { idNumber: who.idNumber }, hub.as.viewer)).status,
    ).toBe(403);
  });
});

describe("redemption (核销), the gig market's interface", () => {
  it("redeems a claimed voucher for the policy's amount, and answers an identical retry with the same voucher", async () => {
    const { who, id } = await claimed();
    const body = { providerId: "xm-siming", personKey: who.key, serviceRef: "gig-2026-0001" };
    const first = await redeem(id, body);
    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(first.body.voucher).toMatchObject({
      id,
      policyId: "skills",
      policyName: "职业技能培训补贴券",
      serviceKind: "skills-training",
      amountFen: 100_000,
      status: "redeemed",
      personKey: who.key,
      redeemedBy: "xm-siming",
      serviceRef: "gig-2026-0001",
      marketId: "xm-siming",
      holder: { nameMasked: "陈*", idNumberMasked: expect.stringMatching(/^\d{4}\*{10}\d{3}[\dX]$/) },
    });
    expect(first.body.voucher.redeemedAt).toBeTruthy();
    const retry = await redeem(id, body);
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body.voucher).toEqual(first.body.voucher);
    const view = await hub.get(`/v1/vouchers/${id}`, hub.as.gateway);
    expect(view.body).toMatchObject({ status: "redeemed", redeemedBy: null, serviceRef: null }); // not told who
    expect((await hub.get(`/v1/vouchers/${id}`)).body.redeemedBy).toBe("xm-siming");
  });

  it("answers 409 without saying who when another provider or reference already redeemed it", async () => {
    const { who, id } = await claimed();
    expect((await redeem(id, { providerId: "xm-siming", personKey: who.key, serviceRef: "a" })).status).toBe(
      200,
    );
    for (const body of [
      { providerId: "xm-huli", personKey: who.key, serviceRef: "a" },
      { providerId: "xm-siming", personKey: who.key, serviceRef: "b" },
      { providerId: "xm-siming", personKey: who.key },
    ]) {
      const res = await redeem(id, body);
      expect(res.status).toBe(409);
      expect(res.type).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ type: "urn:pes:problem:voucher-conflict", voucherStatus: "redeemed" });
      expect(res.body.detail).toBe("The voucher has already been redeemed");
      expect(res.text).not.toContain("xm-siming");
    }
  });

  it("refuses a voucher whose state does not allow it: issued but unclaimed, revoked, expired", async () => {
    const unclaimed = await holder();
    const r1 = await redeem(unclaimed.id, { providerId: "xm-siming", personKey: unclaimed.who.key });
    expect([r1.status, r1.body.voucherStatus]).toEqual([409, "issued"]);

    const revoked = await claimed();
    const rev = await hub.post(`/v1/vouchers/${revoked.id}/revocation`, { reason: "重复发放" });
    expect([rev.status, rev.body.status]).toEqual([200, "revoked"]);
    const r2 = await redeem(revoked.id, { providerId: "xm-siming", personKey: revoked.who.key });
    expect([r2.status, r2.body.voucherStatus]).toEqual([409, "revoked"]);
    const rev2 = await hub.post(`/v1/vouchers/${revoked.id}/revocation`, { reason: "again" });
    expect([rev2.status, rev2.body.voucherStatus]).toEqual([409, "revoked"]);

    const late = await claimed();
    await hub.query(sql`update hub_vouchers set expires_on = current_date - 3 where id = ${late.id}`);
    const r3 = await redeem(late.id, { providerId: "xm-siming", personKey: late.who.key });
    expect([r3.status, r3.body.voucherStatus]).toEqual([409, "claimed"]);
    expect(r3.body.detail).toMatch(/expired/);
    const run = await hub.post("/v1/voucher-expiry-runs", {});
    expect(run.status).toBe(200);
    expect(run.body.expired).toBeGreaterThanOrEqual(1);
    expect((await hub.get(`/v1/vouchers/${late.id}`)).body.status).toBe("expired");
    const r4 = await redeem(late.id, { providerId: "xm-siming", personKey: late.who.key });
    expect([r4.status, r4.body.voucherStatus]).toEqual([409, "expired"]);
    const future = await hub.post("/v1/voucher-expiry-runs", { asOf: "2999-01-01" });
    expect([future.status, future.body.errors[0].path]).toEqual([422, "asOf"]);
  });

  it("answers 404, 403 provider-not-eligible and 422 voucher-holder-mismatch", async () => {
    const { who, id } = await claimed();
    expect(
      (await redeem("00000000-0000-4000-8000-000000000001", { providerId: "xm-siming", personKey: who.key }))
        .status,
    ).toBe(404);
    const notEligible = await redeem(id, { providerId: "xm-other", personKey: who.key });
    expect([notEligible.status, notEligible.body.type]).toEqual([
      403,
      "urn:pes:problem:provider-not-eligible",
    ]);
    const unknown = await redeem(id, { providerId: "ghost", personKey: who.key });
    expect(unknown.status).toBe(403);
    const mismatch = await redeem(id, { providerId: "xm-siming", personKey: person().key });
    expect([mismatch.status, mismatch.body.type]).toEqual([422, "urn:pes:problem:voucher-holder-mismatch"]);
    expect((await hub.get(`/v1/vouchers/${id}`)).body.status).toBe("claimed");
    expect((await redeem(id, { providerId: "xm-siming", personKey: who.key }, hub.as.viewer)).status).toBe(
      403,
    );
    expect(
      (await redeem(id, { providerId: "xm-tech-school", personKey: who.key }, hub.as.admin)).status,
    ).toBe(200);
  });

  it("of two markets redeeming at once, exactly one succeeds and the ledger balances", async () => {
    for (let round = 0; round < 5; round++) {
      const { who, id } = await claimed();
      const [a, b] = await Promise.all([
        redeem(id, { providerId: "xm-siming", personKey: who.key, serviceRef: `s-${round}` }),
        redeem(id, { providerId: "xm-huli", personKey: who.key, serviceRef: `h-${round}` }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const winner = a.status === 200 ? "xm-siming" : "xm-huli";
      const [row] = await hub.query<{ redeemed_by: string; steps: number }>(sql`select v.redeemed_by,
          (select count(*)::int from hub_voucher_trail t where t.voucher_id = v.id and t.status = 'redeemed') as steps
        from hub_vouchers v where v.id = ${id}`);
      // The outbox holds the events sealed: opened to find this voucher's.
      const events = (await hub.outbox(sql`topic = 'pes.province.vouchers'`)).filter(
        (e) => e.data.voucherId === id && (e.data.event as { type: string }).type === "redeemed",
      );
      expect({ ...row, events: events.length }).toEqual({ redeemed_by: winner, steps: 1, events: 1 });
    }
  });

  it("of the same provider retrying at once, both answer 200 and it is redeemed once", async () => {
    const { who, id } = await claimed();
    const body = { providerId: "xm-huli", personKey: who.key, serviceRef: "retry-1" };
    const answers = await Promise.all([redeem(id, body), redeem(id, body), redeem(id, body)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.headers.get("idempotent-replayed") === "true")).toHaveLength(2);
    const [{ n }] = (await hub.query<{ n: number }>(
      sql`select count(*)::int as n from hub_voucher_trail where voucher_id = ${id} and status = 'redeemed'`,
    )) as [{ n: number }];
    expect(n).toBe(1);
  });
});

describe("trail and events", () => {
  it("records every change as a trail row, a voucher-event (revision = step) and the flow-back notices", async () => {
    const { who, id } = await claimed();
    expect(
      (await redeem(id, { providerId: "xm-siming", personKey: who.key, serviceRef: "t-1" })).status,
    ).toBe(200);
    const trail = await hub.get(`/v1/vouchers/${id}/trail`);
    expect(trail.body.items.map((t: { step: number; status: string }) => [t.step, t.status])).toEqual([
      [1, "issued"],
      [2, "claimed"],
      [3, "redeemed"],
    ]);
    expect(trail.body.items[1].actor).toMatch(/^gateway:/);
    expect(trail.body.items[0].actor).toMatch(/^operator:/);

    const out = await hub.outboxed(id);
    const events = out.filter((o) => o.topic === "pes.province.vouchers");
    expect(events.map((e) => [e.revision, e.event.type])).toEqual([
      [1, "issued"],
      [2, "claimed"],
      [3, "redeemed"],
    ]);
    expect(events[2].event).toMatchObject({
      providerId: "xm-siming",
      marketId: "xm-siming",
      serviceRef: "t-1",
    });
    expect(events.every((e) => e.amountFen === 100_000 && e.person.key === who.key)).toBe(true);

    const notices = out.filter((o) => o.topic.startsWith("pes.flowback."));
    const byTopic = (topic: string) => notices.filter((n) => n.topic === topic).map((n) => n.status);
    expect(byTopic("pes.flowback.city.350200")).toEqual(["issued", "claimed", "redeemed"]);
    // The eligible market of the holder's district (Siming), not Huli's, nor the ineligible one.
    expect(byTopic("pes.flowback.gig.xm-siming")).toEqual(["issued", "claimed", "redeemed"]);
    expect(byTopic("pes.flowback.gig.xm-huli")).toEqual([]);
    expect(byTopic("pes.flowback.gig.xm-other")).toEqual([]);
  });

  it("tells the market it was redeemed at, even outside the holder's district", async () => {
    const { who, id } = await claimed();
    expect((await redeem(id, { providerId: "xm-huli", personKey: who.key })).status).toBe(200);
    const notices = (await hub.outboxed(id)).filter((o) => o.topic === "pes.flowback.gig.xm-huli");
    expect(notices.map((n) => [n.status, n.marketId])).toEqual([["redeemed", "xm-huli"]]);
  });

  it("tells no market the hub does not know, whatever marketId the caller sends", async () => {
    const { who, id } = await claimed();
    const body = { providerId: "xm-tech-school", personKey: who.key, marketId: "made-up-market" };
    expect((await redeem(id, body)).status).toBe(200);
    const topics = (await hub.outboxed(id)).map((o) => o.topic);
    expect(topics.some((t) => t.includes("made-up-market"))).toBe(false);
  });

  it("lists by person and pages with a cursor", async () => {
    const { who } = await holder();
    const mine = await hub.get(`/v1/vouchers?personKey=${who.key}`);
    expect(mine.body.items).toHaveLength(1);
    const first = await hub.get("/v1/vouchers?limit=2");
    expect(first.body.items).toHaveLength(2);
    const second = await hub.get(`/v1/vouchers?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].id).not.toBe(first.body.items[1].id);
    expect(second.body.items[0].issuedAt <= first.body.items[1].issuedAt).toBe(true);
    const bad = await hub.get("/v1/vouchers?cursor=nonsense");
    expect([bad.status, bad.body.errors?.[0]?.path]).toEqual([422, "cursor"]);
    expect((await hub.get("/v1/vouchers?status=lost")).status).toBe(400);
  });

  it("is expired by the hub's own hourly run, which starts at once", async () => {
    const { id } = await holder();
    await hub.query(sql`update hub_vouchers set expires_on = current_date - 2 where id = ${id}`);
    const errors: unknown[] = [];
    const schedule = scheduleExpiry(
      { db: hub.db.db, cipher: new PiiCipher(cipherKey), sealer: TEST_TRUST.sealer },
      { onError: (e) => errors.push(e) },
    );
    try {
      await waitFor(async () => (await hub.get(`/v1/vouchers/${id}`)).body.status === "expired", {
        what: "the scheduled expiry",
      });
    } finally {
      await schedule.close();
    }
    expect(errors).toEqual([]);
    const trail = await hub.get(`/v1/vouchers/${id}/trail`);
    expect(trail.body.items.at(-1)).toMatchObject({ status: "expired", actor: "hub:hourly-expiry" });
  });
});
