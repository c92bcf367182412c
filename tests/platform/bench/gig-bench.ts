// pnpm bench:gig [--seconds 30] [--concurrency 16] [--vouchers 2000] [--workers 3000] [--postings 300]
// Drives the gig market's HTTP API from this process (separate from the services) over loopback:
// new postings, matches for a posting, voucher redemptions (each a claimed voucher the hub issued),
// mixed, and prints requests per second and p50/p99 latency per route.
import { parseArgs } from "node:util";
import { scriptArgs } from "@pes/http";
import { type Call, ok, onLedger, persons, startPlatform } from "../test/support/platform.js";
import { drive, type Request, table } from "./load.js";

const { values } = parseArgs({
  args: scriptArgs(),
  options: {
    seconds: { type: "string", default: "30" },
    concurrency: { type: "string", default: "16" },
    vouchers: { type: "string", default: "2000" },
    workers: { type: "string", default: "3000" },
    postings: { type: "string", default: "300" },
  },
});
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const VOUCHERS = Number(values.vouchers);
const WORKERS = Number(values.workers);
const POSTINGS = Number(values.postings);

const log = (...args: unknown[]) => console.log("[bench:gig]", ...args);
const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;
const OCCUPATIONS = ["4-10-01-01", "4-10-01-02", "4-07-05-01", "6-29-01-01", "4-02-02-01", "6-01-01-01"];
const PLACES = ["350203001", "350203005", "350203007", "350203", "350206", "350211", "350200"];
const PAY_DAY = [15_000, 18_000, 20_000, 25_000, 30_000];

/** Runs `task` over `items` with `width` at once; throws on the first answer that is not `ok`. */
async function inParallel<T>(items: readonly T[], width: number, task: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

function posting() {
  const from = `2026-12-${String(2 + Math.floor(Math.random() * 20)).padStart(2, "0")}`;
  return {
    employer: { name: "厦门鹭岛家政服务有限公司" },
    title: "家政保洁（日结）",
    occupationCode: pick(OCCUPATIONS),
    headcount: 1_000,
    pay: { amountFen: pick(PAY_DAY), per: "day" },
    workFrom: from,
    workUntil: "2026-12-31",
    locationCode: pick(PLACES.filter((p) => p.length === 9)),
    address: "思明区湖滨南路 100 号",
  };
}

function worker(idNumber: string, name: string) {
  return {
    idNumber,
    name,
    consent: { given: true },
    occupations: [pick(OCCUPATIONS), pick(OCCUPATIONS)],
    preferredPlaces: [pick(PLACES)],
    expectedPay: { amountFen: pick(PAY_DAY), per: "day" },
    availableFrom: "2026-12-01",
    availableUntil: "2027-03-31",
  };
}

async function setUp(hubAdmin: Call, gig: Call, secret: string, gatewayId: string, marketId: string) {
  await ok(
    "provider",
    await hubAdmin("POST", "/v1/voucher-providers", {
      id: marketId,
      name: "思明零工市场",
      kind: "gig-market",
      gatewayIds: [gatewayId],
      settlementAccount: {
        bankName: "厦门银行",
        accountName: "思明零工市场",
        accountNumber: "6222021234567890",
      },
    }),
  );
  await ok(
    "policy",
    await hubAdmin("POST", "/v1/voucher-policies", {
      id: "bench-gig-2026",
      name: "零工介绍就业券（压测）",
      serviceKind: "gig-work-introduction",
      amountFen: 20_000,
      eligibleGroups: ["registered-unemployed"],
      eligibleProviders: [marketId],
      issueFrom: "2026-01-01",
      issueUntil: "2027-12-31",
      validDays: 90,
    }),
  );
  const holders = persons(VOUCHERS, secret);
  await onLedger(holders);
  // The hub ingests the ledger from Kafka; issue runs until every holder has their voucher.
  let issued = 0;
  const deadline = Date.now() + 300_000;
  while (issued < VOUCHERS) {
    if (Date.now() > deadline) throw new Error(`only ${issued} of ${VOUCHERS} vouchers issued`);
    const run = await ok("issue run", hubAdmin("POST", "/v1/voucher-policies/bench-gig-2026/issue-runs", {}));
    issued += run.issued;
    if (issued < VOUCHERS) await new Promise((r) => setTimeout(r, 500));
  }
  const byKey = new Map(holders.map((p) => [p.key, p]));
  const vouchers: Array<{ id: string; person: (typeof holders)[number] }> = [];
  for (let cursor: string | null = null; ; ) {
    const page = await ok(
      "vouchers",
      await hubAdmin(
        "GET",
        `/v1/vouchers?policyId=bench-gig-2026&limit=500${cursor ? `&cursor=${cursor}` : ""}`,
      ),
    );
    for (const v of page.items) vouchers.push({ id: v.id, person: byKey.get(v.personKey)! });
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  await inParallel(vouchers, 8, async (v) => {
    await ok("claim", await hubAdmin("POST", `/v1/vouchers/${v.id}/claim`, { idNumber: v.person.idNumber }));
  });
  log(`${vouchers.length} vouchers issued and claimed at the hub`);

  const holderWorkers = new Map<string, string>();
  await inParallel(vouchers, 8, async (v) => {
    const w = await ok("worker", await gig("POST", "/v1/workers", worker(v.person.idNumber, v.person.name)));
    holderWorkers.set(v.id, w.id);
  });
  const extras = persons(VOUCHERS + WORKERS, secret).slice(VOUCHERS);
  await inParallel(extras, 8, async (p) => {
    await ok("worker", await gig("POST", "/v1/workers", worker(p.idNumber, p.name)));
  });
  const postingIds: string[] = [];
  await inParallel(Array.from({ length: POSTINGS }), 8, async () => {
    postingIds.push((await ok("posting", gig("POST", "/v1/postings", posting()))).id);
  });
  log(`${VOUCHERS + WORKERS} workers and ${POSTINGS} postings at the gig market`);
  return {
    redeemable: vouchers.map((v) => ({ voucherId: v.id, workerId: holderWorkers.get(v.id)! })),
    postingIds,
  };
}

const platform = await startPlatform(1_000_000);
try {
  const { redeemable, postingIds } = await setUp(
    platform.hubAdmin,
    platform.gig,
    platform.secret,
    platform.gatewayId,
    platform.marketId("siming"),
  );
  const gig = platform.gig;
  const send = (method: string, path: string, body?: unknown) => async () =>
    (await gig(method, path, body)).status;
  const next = (): Request => {
    const r = Math.random();
    if (r < 0.25 && redeemable.length > 0) {
      const { voucherId, workerId } = redeemable.pop()!;
      return {
        route: "POST /v1/voucher-redemptions",
        send: send("POST", "/v1/voucher-redemptions", { voucherId, workerId }),
      };
    }
    if (r < 0.55)
      return {
        route: "POST /v1/postings",
        send: async () => {
          const res = await gig("POST", "/v1/postings", posting());
          if (res.status === 201) postingIds.push(res.body.id);
          return res.status;
        },
      };
    return {
      route: "GET /v1/postings/{id}/matches",
      send: send("GET", `/v1/postings/${pick(postingIds)}/matches?limit=20`),
    };
  };
  const expected = (route: string, status: number) => status === (route.startsWith("GET") ? 200 : 201);
  log(`driving for ${SECONDS} s with ${CONCURRENCY} concurrent clients`);
  const result = await drive(next, { concurrency: CONCURRENCY, seconds: SECONDS, expected });
  console.log(
    `\n${VOUCHERS + WORKERS} workers, ${POSTINGS} postings to start, ${VOUCHERS} claimed vouchers; ${CONCURRENCY} clients for ${result.seconds.toFixed(1)} s\n`,
  );
  console.log(table(result));
  if (result.routes.some((r) => r.unexpected > 0)) process.exitCode = 1;
} finally {
  await platform.stop();
}
