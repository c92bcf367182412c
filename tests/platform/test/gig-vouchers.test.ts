import { chinaToday } from "@pes/core";
import { decodeEvent, sourceOf, type VoucherEvent, voucherEvent } from "@pes/schemas";
import { createKafka, readTrusted } from "@pes/sync";
import { TEST_BROKERS, testTrust, waitFor } from "@pes/sync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Call, ok, onLedger, type Person, persons, startPlatform } from "./support/platform.js";

// The voucher loop across real processes on the real broker: issued and claimed at the hub, redeemed
// at a gig market (two markets racing for it), settled, and the hub's own records agreeing.

const POLICY = "e2e-gig-2026";
const AMOUNT = 20_000;
// China's date: the hub counts by months in China.
const today = () => chinaToday();
const month = () => today().slice(0, 7);

let platform: Awaited<ReturnType<typeof startPlatform>>;
let hub: Call;
let siming: Call;
let huli: Call;
let holder: Person;
let voucherId: string;
let placementId: string;
let simingWon = false;
let SIMING: string;
let HULI: string;
const workerOf: Record<string, string> = {};

beforeAll(async () => {
  platform = await startPlatform(600);
  hub = platform.hubAdmin;
  siming = platform.gig;
  SIMING = platform.marketId("siming");
  HULI = platform.marketId("huli");
  huli = await platform.addMarket(HULI, "湖里零工市场", "350206");
  for (const id of [SIMING, HULI])
    await ok(
      "provider",
      hub("POST", "/v1/voucher-providers", {
        id,
        name: id,
        kind: "gig-market",
        gatewayIds: [platform.gatewayId],
        settlementAccount: { bankName: "厦门银行", accountName: id, accountNumber: "6222021234567890" },
      }),
    );
  await ok(
    "policy",
    hub("POST", "/v1/voucher-policies", {
      id: POLICY,
      name: "零工介绍就业券",
      serviceKind: "gig-work-introduction",
      amountFen: AMOUNT,
      eligibleGroups: ["registered-unemployed"],
      eligibleProviders: [SIMING, HULI],
      issueFrom: "2026-01-01",
      issueUntil: "2027-12-31",
      validDays: 90,
    }),
  );
  [holder] = persons(1, platform.secret) as [Person];
  await onLedger([holder]);
  // The hub learns a market, and where it works, from its gig events: each posts once first.
  for (const call of [siming, huli]) await ok("posting", call("POST", "/v1/postings", posting("350206001")));
  await waitFor(
    async () => {
      const known = await ok("markets", hub("GET", "/v1/gig-markets?city=350200"));
      return [SIMING, HULI].every((id) => known.items.some((m: { marketId: string }) => m.marketId === id));
    },
    { timeoutMs: 90_000, what: "the hub to know both markets" },
  );
  // The hub's registry: gig_markets counts the standardised markets registered for the area.
  for (const [marketId, districtCode] of [
    [SIMING, "350203"],
    [HULI, "350206"],
  ])
    await ok(
      "registry",
      hub("PUT", `/v1/gig-markets/${marketId}`, { cityCode: "350200", districtCode, standardised: true }),
    );
}, 240_000);

function posting(locationCode: string) {
  return {
    employer: { name: "厦门鹭岛家政服务有限公司" },
    title: "家政保洁（日结）",
    headcount: 1,
    pay: { amountFen: 20_000, per: "day" },
    workFrom: today(),
    workUntil: today(),
    locationCode,
    address: "厦门市某小区",
  };
}

/** This month's indicator numerators for 厦门 at the hub, by code. */
async function xiamenFigures(): Promise<Record<string, number | null>> {
  const table = await ok("indicators", hub("GET", `/v1/indicators?city=350200&period=${month()}`));
  const rows = table.groups.flatMap((g: { indicators: unknown[] }) => g.indicators) as Array<{
    code: string;
    numerator: number | null;
  }>;
  return Object.fromEntries(rows.map((r) => [r.code, r.numerator]));
}

afterAll(async () => platform?.stop(), 60_000);

describe("the voucher loop across the hub and two gig markets", () => {
  it("issues the voucher by rule once the hub has the person on its ledger, and the person claims it", async () => {
    await waitFor(
      async () =>
        (await ok("issue run", hub("POST", `/v1/voucher-policies/${POLICY}/issue-runs`, {}))).issued === 1,
      { timeoutMs: 60_000, what: "the hub to issue the voucher from the ledger it consumed" },
    );
    const page = await ok("vouchers", hub("GET", `/v1/vouchers?policyId=${POLICY}`));
    expect(page.items).toHaveLength(1);
    voucherId = page.items[0].id;
    expect(page.items[0]).toMatchObject({ personKey: holder.key, amountFen: AMOUNT, status: "issued" });
    const claimed = await ok(
      "claim",
      hub("POST", `/v1/vouchers/${voucherId}/claim`, { idNumber: holder.idNumber }),
    );
    expect(claimed.status).toBe("claimed");
  }, 90_000);

  it("lets a market see the voucher, masked, before it delivers the service", async () => {
    const seen = await ok("voucher", siming("GET", `/v1/vouchers/${voucherId}`));
    expect(seen).toMatchObject({
      id: voucherId,
      status: "claimed",
      amountFen: AMOUNT,
      holder: { name: "测**" },
    });
    expect(JSON.stringify(seen)).not.toContain(holder.idNumber);
  });

  it("places the holder at one market and lets exactly one of two racing markets redeem", async () => {
    for (const [market, call] of [
      ["siming", siming],
      ["huli", huli],
    ] as const) {
      const worker = await ok(
        "worker",
        call("POST", "/v1/workers", { ...holder, key: undefined, consent: { given: true } }),
      );
      workerOf[market] = worker.id;
    }
    const work = await ok("posting", siming("POST", "/v1/postings", posting("350203005")));
    placementId = (
      await ok(
        "placement",
        siming("POST", "/v1/placements", { postingId: work.id, workerId: workerOf.siming }),
      )
    ).id;
    await ok(
      "completion",
      siming("POST", `/v1/placements/${placementId}/completion`, {
        completedOn: today(),
        payDueFen: 20_000,
        payReceivedFen: 20_000,
      }),
    );

    const [a, b] = await Promise.all([
      siming("POST", "/v1/voucher-redemptions", { voucherId, workerId: workerOf.siming, placementId }),
      huli("POST", "/v1/voucher-redemptions", { voucherId, workerId: workerOf.huli }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([201, 409]);
    const [won, lost] = a.status === 201 ? [a, b] : [b, a];
    simingWon = a.status === 201;
    expect(won.body.voucher.status).toBe("redeemed");
    expect(lost.body.type).toMatch(/voucher-conflict$/);
    // The market that lost keeps no redemption; the one that won keeps exactly one.
    const kept = [
      (await ok("list", siming("GET", "/v1/voucher-redemptions"))).items.length,
      (await ok("list", huli("GET", "/v1/voucher-redemptions"))).items.length,
    ];
    expect(kept.sort()).toEqual([0, 1]);
    // The same market retrying is the same redemption, not a second one.
    const winner = a.status === 201 ? siming : huli;
    const retry = await winner("POST", "/v1/voucher-redemptions", {
      voucherId,
      workerId: a.status === 201 ? workerOf.siming : workerOf.huli,
      ...(a.status === 201 ? { placementId } : {}),
    });
    expect(retry.status).toBe(201);
    expect((await ok("list", winner("GET", "/v1/voucher-redemptions"))).items).toHaveLength(1);
  });

  it("settles the redemption in a batch with its file, and the reconciliation adds up", async () => {
    const voucher = await ok("voucher", hub("GET", `/v1/vouchers/${voucherId}`));
    const provider = voucher.redeemedBy as string;
    expect(provider).toBe(simingWon ? SIMING : HULI);
    const settlement = await ok(
      "settlement",
      hub("POST", "/v1/voucher-settlements", { providerId: provider, through: today() }),
    );
    const file = await hub("GET", `/v1/voucher-settlements/${settlement.id}/file`);
    expect(file.status).toBe(200);
    expect(String(file.body)).toContain(voucherId);
    expect(String(file.body)).not.toContain(holder.idNumber);

    const report = await ok("reconciliation", hub("GET", `/v1/voucher-reconciliation?period=${month()}`));
    expect(JSON.stringify(report)).not.toContain(holder.idNumber);
    const one = { count: 1, fen: AMOUNT };
    const none = { count: 0, fen: 0 };
    expect(report.providers).toEqual([
      expect.objectContaining({
        providerId: provider,
        redeemedInPeriod: one,
        settledInPeriod: one,
        awaitingAtEnd: none,
      }),
    ]);
    expect(report.province.atPeriodEnd).toMatchObject({
      issued: one,
      redeemed: one,
      settled: one,
      awaitingSettlement: none,
      outstanding: none,
    });
  });

  it("publishes every step on pes.province.vouchers, and the hub counted the placement the voucher paid for", async () => {
    const events = await voucherEvents(voucherId, 4);
    expect(events.map((e) => [e.revision, e.event.type])).toEqual([
      [1, "issued"],
      [2, "claimed"],
      [3, "redeemed"],
      [4, "settled"],
    ]);
    expect(events.every((e) => e.amountFen === AMOUNT && e.person.key === holder.key)).toBe(true);

    // Only 思明 placed the holder; the hub keeps the placement under the person, with the voucher
    // when 思明 won the race (its redemption named the placement).
    let placement: { summary: Record<string, unknown> } | undefined;
    await waitFor(
      async () => {
        const timeline = await hub("GET", `/v1/persons/${holder.key}/timeline`);
        placement = timeline.body.entries?.find(
          (e: { type: string; summary: { status?: string } }) =>
            e.type === "gig-placement" && e.summary.status === "completed",
        );
        return Boolean(placement) && (!simingWon || placement?.summary.voucherId === voucherId);
      },
      { timeoutMs: 90_000, what: "the hub to ingest the completed placement" },
    );
    expect(placement?.summary).toMatchObject({ marketId: SIMING, status: "completed" });
    // The hub's flow-back reaches the market that redeemed it: the voucher, its holder masked.
    const winner = simingWon ? siming : huli;
    const noticed = async () => {
      const feed = await ok("flow-back", winner("GET", "/v1/flowback?kind=voucher-notice&limit=100"));
      return feed.items.some(
        (i: { voucher?: { id: string; status: string } }) =>
          i.voucher?.id === voucherId && ["redeemed", "settled"].includes(i.voucher.status),
      );
    };
    await waitFor(noticed, {
      timeoutMs: 90_000,
      what: "the voucher notice in the redeeming market's flow-back feed",
    }).catch(async (error) => {
      const feeds = await Promise.all([siming, huli].map((call) => call("GET", "/v1/flowback?limit=100")));
      throw new Error(
        `${error.message} (思明 won: ${simingWon}); feeds: ${JSON.stringify(feeds.map((f) => f.body))}`,
      );
    });
    const figures = await xiamenFigures();
    // At least these two: the broker may hold other runs' gig events, which the hub also counts.
    expect(figures.gig_markets).toBeGreaterThanOrEqual(2);
    expect(figures.served_to_employed_ratio).toBe(1);
  }, 180_000);
});

/** The voucher's events as the hub published them, read from the topic with a fresh consumer. */
async function voucherEvents(id: string, count: number): Promise<VoucherEvent[]> {
  const kafka = createKafka({ brokers: TEST_BROKERS, clientId: "e2e-vouchers-reader" });
  const consumer = kafka.consumer({ groupId: `e2e-vouchers-${Date.now()}-${Math.random()}` });
  const found: VoucherEvent[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: "pes.province.vouchers", fromBeginning: true });
    // The hub's own ledger, sealed for the province and signed by it: read as the province reads it.
    const province = testTrust(sourceOf.province());
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const read = readTrusted(province, { topic, headers: message.headers, value: message.value });
        if (read.ok !== true) return;
        const decoded = decodeEvent(message.headers ?? {}, read.value);
        if (decoded.ok && decoded.event.definition.name === voucherEvent.name) {
          const data = decoded.event.data as VoucherEvent;
          if (data.voucherId === id) found.push(data);
        }
      },
    });
    await waitFor(() => found.length >= count, {
      timeoutMs: 60_000,
      what: `${count} events of voucher ${id}`,
    });
  } finally {
    await consumer.disconnect();
  }
  return found.sort((x, y) => x.revision - y.revision);
}
