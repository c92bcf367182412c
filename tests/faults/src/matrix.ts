import { sourceOf, topics } from "@pes/schemas";
import { consumerLag } from "@pes/sync";
import { testTrust } from "@pes/sync/testing";
import postgres from "postgres";
import { type CheckReport, check } from "./checker.js";
import { loadPersons, runLoad } from "./load.js";
import { type Broker, CITY, ownBroker, type Platform, sleep, startPlatform } from "./platform.js";
import { readHub, readTopic, topicEnds } from "./read.js";

export const CITY_TOPIC = topics.cityPerson(CITY);

export interface Options {
  persons: number;
  cycles: number;
  writers: number;
  pauseMs: number;
  settleTimeoutMs: number;
  brokerName: string;
  brokerPort: number;
}

export const DEFAULTS: Options = {
  persons: 200,
  cycles: 1,
  writers: 10,
  pauseMs: 30_000,
  settleTimeoutMs: 180_000,
  brokerName: "faults",
  brokerPort: 19492,
};

interface Ctx {
  broker: Broker;
  platform: Platform;
  opts: Options;
}

export interface Fault {
  name: string;
  describe: string;
  writers?: (opts: Options) => number;
  /** Runs the fault once a third of the row's writes are acknowledged; resolves when it has ended. */
  inject?: (ctx: Ctx, progress: () => number, total: number) => Promise<void>;
}

const waitUntilAcked = async (progress: () => number, n: number) => {
  while (progress() < n) await sleep(50);
};

export const FAULTS: Fault[] = [
  { name: "none", describe: "baseline, no fault" },
  {
    name: "broker-sigkill",
    describe: "broker SIGKILL mid-stream, restarted 5 s later",
    async inject({ broker }) {
      await broker.kill();
      await sleep(5_000);
      broker.start();
    },
  },
  {
    name: "broker-sigstop",
    describe: "broker SIGSTOP, SIGCONT after the pause",
    async inject({ broker, opts }) {
      broker.signal("SIGSTOP");
      await sleep(opts.pauseMs);
      broker.signal("SIGCONT");
    },
  },
  {
    name: "city-node-sigkill",
    describe: "city node (API + relay) SIGKILL mid-stream, restarted",
    async inject({ platform }) {
      await platform.city.kill();
      await platform.city.start();
    },
  },
  {
    name: "hub-sigkill",
    describe: "hub SIGKILL while ingesting, restarted",
    async inject({ platform }) {
      await platform.hubs[0]!.kill();
      await platform.hubs[0]!.start();
    },
  },
  { name: "writers-100", describe: "100 concurrent writers", writers: () => 100 },
  {
    name: "hub-scale-1-2-1",
    describe: "hub scaled 1 → 2 → 1 processes in one group",
    async inject({ platform }, progress, total) {
      const second = await platform.addHub();
      await waitUntilAcked(progress, Math.floor((2 * total) / 3));
      await second.stop();
      platform.hubs.splice(platform.hubs.indexOf(second), 1);
    },
  },
];

export interface RowResult {
  fault: string;
  describe: string;
  writers: number;
  report: CheckReport;
  indeterminate: number;
  abandoned: number;
  retries: number;
  /**
   * From the fault's end until the first write acknowledged after it (or, when the load had ended by
   * then, the last write) was in hub_records (ms).
   */
  recoverMs: number | undefined;
  /** From the last acknowledged write until the hub's lag was 0 and the city's outbox empty (ms). */
  settleMs: number;
  elapsedMs: number;
}

/** Waits until the hub group's lag on the city topic is 0 and the city node has nothing left to publish. */
async function settle(ctx: Ctx): Promise<void> {
  const city = postgres(ctx.platform.cityDatabaseUrl, { max: 1, onnotice: () => {} });
  const admin = ctx.platform.kafka.admin();
  await admin.connect();
  const deadline = Date.now() + ctx.opts.settleTimeoutMs;
  try {
    let calm = 0;
    for (;;) {
      const pending = await city<
        { n: number }[]
      >`select count(*)::int as n from pes_outbox where published_at is null`;
      const n = pending[0]?.n;
      const lag = await consumerLag(admin, ctx.platform.hubGroup, [CITY_TOPIC]).catch(() => undefined);
      const behind = lag ? lag.reduce((s, p) => s + p.lag, 0) : Number.POSITIVE_INFINITY;
      calm = n === 0 && behind === 0 ? calm + 1 : 0;
      if (calm >= 3) return;
      if (Date.now() > deadline)
        throw new Error(`not settled after ${ctx.opts.settleTimeoutMs} ms: outbox ${n}, hub lag ${behind}`);
      await sleep(500);
    }
  } finally {
    await admin.disconnect().catch(() => {});
    await city.end();
  }
}

/** When the first write acknowledged after `since` is in hub_records. */
async function watchRecovery(
  hubUrl: string,
  firstAfter: () => { recordId: string; revision: number } | undefined,
  stop: () => boolean,
): Promise<number | undefined> {
  const hub = postgres(hubUrl, { max: 1, onnotice: () => {} });
  try {
    while (!stop()) {
      const w = firstAfter();
      if (w) {
        const rows = await hub<
          { revision: number }[]
        >`select revision from hub_records where record_id = ${w.recordId}`;
        if (rows[0] && rows[0].revision >= w.revision) return Date.now();
      }
      await sleep(100);
    }
    return undefined;
  } finally {
    await hub.end();
  }
}

export async function runRow(ctx: Ctx, fault: Fault, row: number): Promise<RowResult> {
  const started = Date.now();
  const { platform, opts } = ctx;
  const from = await topicEnds(platform.kafka, CITY_TOPIC);
  const persons = loadPersons(row, opts.persons, platform.secret);
  const total = opts.persons * opts.cycles * 3;
  const writers = fault.writers?.(opts) ?? opts.writers;
  let acked = 0;
  let faultRun: Promise<number> | undefined;
  let faultEnd: number | undefined;
  let settledFlag = false;
  const load = runLoad({
    base: () => platform.city.url,
    token: platform.cityToken,
    persons,
    writers,
    cycles: opts.cycles,
    deadlineMs: 300_000,
    onAck: (n) => {
      acked = n;
      if (fault.inject && !faultRun && n >= Math.floor(total / 3))
        faultRun = fault.inject(ctx, () => acked, total).then(() => (faultEnd = Date.now()));
    },
  });
  const loadResult = await load;
  if (faultRun) await faultRun;
  const recovery = faultEnd
    ? watchRecovery(
        platform.hubDatabaseUrl,
        // The first write acknowledged after the fault's end; when the load ended first, the last one.
        () => loadResult.acked.find((w) => w.ackedAt >= faultEnd!) ?? loadResult.acked.at(-1),
        () => settledFlag,
      )
    : Promise.resolve(undefined);
  const lastAck = Math.max(...loadResult.acked.map((w) => w.ackedAt));
  await settle(ctx);
  const settledAt = Date.now();
  const recoveredAt = await Promise.race([recovery, sleep(5_000).then(() => undefined)]);
  settledFlag = true;
  const trust = testTrust(sourceOf.province());
  const topic = (await readTopic(platform.kafka, trust, CITY_TOPIC, from)).filter((e) =>
    persons.some((p) => p.key === e.personKey),
  );
  const hub = await readHub(
    platform.hubDatabaseUrl,
    platform.hubGroup,
    persons.map((p) => p.key),
    [...new Set(topic.map((e) => e.eventId))],
  );
  const report = check({
    acked: loadResult.acked,
    topic,
    hubRows: hub.rows,
    hubApplied: hub.applied,
    indeterminate: loadResult.indeterminate,
  });
  return {
    fault: fault.name,
    describe: fault.describe,
    writers,
    report,
    indeterminate: loadResult.indeterminate.size,
    abandoned: loadResult.abandoned,
    retries: loadResult.retries,
    recoverMs: faultEnd && recoveredAt ? Math.max(0, recoveredAt - faultEnd) : undefined,
    settleMs: settledAt - lastAck,
    elapsedMs: Date.now() - started,
  };
}

/** Starts the matrix's broker and platform, runs `faults` one row each, stops everything. */
export async function runMatrix(
  faults: Fault[],
  opts: Options = DEFAULTS,
  onRow: (r: RowResult) => void = () => {},
): Promise<RowResult[]> {
  const broker = ownBroker(opts.brokerName, opts.brokerPort);
  broker.destroy();
  broker.start();
  let platform: Platform | undefined;
  const results: RowResult[] = [];
  try {
    platform = await startPlatform(broker.brokers);
    for (const [i, fault] of faults.entries()) {
      const r = await runRow({ broker, platform, opts }, fault, i);
      results.push(r);
      onRow(r);
    }
  } finally {
    await platform?.close().catch(() => {});
    try {
      broker.signal("SIGCONT");
    } catch {}
    broker.destroy();
  }
  return results;
}

const secs = (ms: number | undefined) => (ms === undefined ? "—" : `${(ms / 1000).toFixed(1)} s`);

export const TABLE_HEADER = [
  "| fault | writers | acknowledged | on topic | applied | lost | duplicated | reordered | redelivered | time to recover | settle after load |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
];

export function tableRow(r: RowResult): string {
  const x = r.report;
  return `| ${r.describe} | ${r.writers} | ${x.acknowledged} | ${x.onTopic} | ${x.applied} | ${x.lost} | ${x.duplicated} | ${x.reordered} | ${x.redelivered} | ${secs(r.recoverMs)} | ${secs(r.settleMs)} |`;
}
