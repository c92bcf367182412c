import { topics } from "@pes/schemas";
import { consumerLag } from "@pes/sync";
import postgres from "postgres";
import { type CheckReport, check } from "./checker.js";
import { MatrixCredentials } from "./credentials.js";
import type { Ctx, Fault, Options } from "./faults.js";
import { Gate, loadPersons, runLoad } from "./load.js";
import { CITY, ownBroker, type Platform, sleep, startPlatform } from "./platform.js";
import { PrivatePostgres } from "./postgres.js";
import { BrokerProxy } from "./proxy.js";
import { appendedSince, readHub, readTopic, topicEnds } from "./read.js";

export { FAULTS, type Fault, type Options } from "./faults.js";

export const CITY_TOPIC = topics.cityPerson(CITY);
const DEAD_LETTERS = topics.deadLetters();

export const DEFAULTS: Options = {
  persons: 200,
  cycles: 1,
  writers: 10,
  pauseMs: 30_000,
  settleTimeoutMs: 180_000,
  brokerName: "faults",
  brokerPort: 19492,
  proxyPort: 19494,
  postgresPort: 19495,
};

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
  /** Records on the dead-letter topic from the row's start until it settled: refused by a consumer. */
  deadLetters: number;
  /** The distinct keys the row's records on the city topic were signed with (2 across a rotation). */
  signingKeys: number;
  /** What the fault said it did. */
  note: string | undefined;
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
        throw new Error(
          `not settled after ${ctx.opts.settleTimeoutMs} ms: outbox ${n}, hub lag ${behind}\n${outputs(ctx.platform)}`,
        );
      await sleep(500);
    }
  } finally {
    await admin.disconnect().catch(() => {});
    await city.end();
  }
}

/** The services' last words, for a row that did not settle. */
function outputs(platform: Platform): string {
  const tail = (text: string | undefined) => (text ?? "").split("\n").slice(-40).join("\n");
  return [platform.city, ...platform.hubs]
    .map(
      (s) => `--- ${s.name} (${JSON.stringify(s.process?.exit ?? "running")}):\n${tail(s.process?.output)}`,
    )
    .join("\n");
}

/** When the first write acknowledged after the fault is in hub_records; a failed look is tried again. */
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
        const rows = await hub<{ revision: number }[]>`
          select revision from hub_records where record_id = ${w.recordId}`.catch(() => []);
        if (rows[0] && rows[0].revision >= w.revision) return Date.now();
      }
      await sleep(100);
    }
    return undefined;
  } finally {
    await hub.end();
  }
}

export async function runRow(shared: Omit<Ctx, "writers">, fault: Fault, row: number): Promise<RowResult> {
  const started = Date.now();
  const ctx: Ctx = { ...shared, writers: new Gate() };
  const { platform, opts } = ctx;
  const from = await topicEnds(platform.kafka, CITY_TOPIC);
  const deadLettersFrom = await topicEnds(platform.kafka, DEAD_LETTERS);
  const persons = loadPersons(row, opts.persons, platform.secret);
  const total = opts.persons * opts.cycles * 3;
  const writers = fault.writers?.(opts) ?? opts.writers;
  let acked = 0;
  let faultRun: Promise<void> | undefined;
  let faultEnd: number | undefined;
  let settledFlag = false;
  const injectAt = Math.floor(total * (fault.injectAt ?? 1 / 3));
  const startFault = () => {
    faultRun = fault
      .inject?.(ctx, () => acked, total)
      .then(() => {
        faultEnd = Date.now();
      });
  };
  await fault.prepare?.(ctx);
  const load = runLoad({
    base: () => platform.city.url,
    token: platform.cityToken,
    persons,
    writers,
    cycles: opts.cycles,
    deadlineMs: 300_000,
    gate: ctx.writers,
    onAck: (n) => {
      acked = n;
      if (fault.inject && !faultRun && n >= injectAt) startFault();
    },
  });
  if (fault.inject && injectAt === 0) startFault();
  // A load that failed waits for the fault to end first: nothing of this row outlives it.
  const loadResult = await load.catch(async (e) => {
    await faultRun?.catch(() => {});
    throw e;
  });
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
  let settledAt: number;
  let recoveredAt: number | undefined;
  try {
    await settle(ctx);
    settledAt = Date.now();
    recoveredAt = await Promise.race([recovery, sleep(5_000).then(() => undefined)]);
  } finally {
    settledFlag = true;
    await recovery;
  }
  const deadLetters = await appendedSince(platform.kafka, DEAD_LETTERS, deadLettersFrom);
  // Opened as the hub would, with the registry as it stands now (after a rotation, both keys).
  const trust = ctx.credentials.provinceTrust();
  const keys = new Set(persons.map((p) => p.key));
  const topic = (await readTopic(platform.kafka, trust, CITY_TOPIC, from)).filter((e) =>
    keys.has(e.personKey),
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
    deadLetters,
    signingKeys: new Set(topic.map((e) => e.keyId)).size,
    note: fault.note?.(ctx),
    settleMs: settledAt - lastAck,
    elapsedMs: Date.now() - started,
  };
}

/**
 * Starts what the matrix runs on — its own PostgreSQL (the hub's database), the city's credentials,
 * the proxy and the broker behind it — and the platform; runs `faults` one row each; stops everything.
 */
export async function runMatrix(
  faults: Fault[],
  opts: Options = DEFAULTS,
  onRow: (r: RowResult) => void = () => {},
): Promise<RowResult[]> {
  const pg = new PrivatePostgres(opts.brokerName, opts.postgresPort);
  const credentials = new MatrixCredentials(opts.brokerName, CITY);
  const proxy = new BrokerProxy(opts.proxyPort, { host: "127.0.0.1", port: opts.brokerPort });
  const broker = ownBroker(opts.brokerName, opts.brokerPort, opts.proxyPort);
  let platform: Platform | undefined;
  const results: RowResult[] = [];
  try {
    broker.destroy();
    await pg.create();
    credentials.create();
    await proxy.start();
    broker.start();
    platform = await startPlatform({
      brokers: [proxy.address],
      hubDatabaseUrl: await pg.createDatabase("pes_faults_hub"),
      credentials,
    });
    for (const [i, fault] of faults.entries()) {
      const r = await runRow({ broker, proxy, postgres: pg, credentials, platform, opts }, fault, i);
      results.push(r);
      onRow(r);
    }
  } finally {
    await platform?.close().catch(() => {});
    try {
      broker.signal("SIGCONT");
    } catch {}
    broker.destroy();
    await proxy.close();
    await pg.destroy();
    credentials.destroy();
  }
  return results;
}

const secs = (ms: number | undefined) => (ms === undefined ? "—" : `${(ms / 1000).toFixed(1)} s`);

export const TABLE_HEADER = [
  "| fault | writers | acknowledged | on topic | applied | lost | duplicated | reordered | redelivered | dead letters | time to recover | settle after load |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
];

export function tableRow(r: RowResult): string {
  const x = r.report;
  return `| ${r.describe} | ${r.writers} | ${x.acknowledged} | ${x.onTopic} | ${x.applied} | ${x.lost} | ${x.duplicated} | ${x.reordered} | ${x.redelivered} | ${r.deadLetters} | ${secs(r.recoverMs)} | ${secs(r.settleMs)} |`;
}
