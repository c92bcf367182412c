// pnpm bench:city [--records 1000000] [--batch 5000] [--concurrency 4] [--seed 2025] [--hub-during]
// A Xiamen-sized city-year (city-year.ts) loaded through POST /v1/batches from this process into a
// city node running as its own process on its own database, as the city admin (who names each
// record's service point by the city's code; the first batches create the points); its relay seals
// and signs every record for the province onto the broker, where a hub (its own process, database
// and new consumer group) applies them. Prints the records/s the node accepted, the time until the
// hub has applied them all and GET /v1/indicators shows them, the same load again (0 new records),
// and a COPY of the same rows into one table as the ceiling.
import { randomBytes, randomUUID } from "node:crypto";
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { scriptArgs } from "@pes/http";
import { freePort, spawnTsx, type TestProcess } from "@pes/http/child";
import { sourceOf, topics } from "@pes/schemas";
import { consumerLag, createKafka, provisionTopics, rowsOf } from "@pes/sync";
import { openDatabase } from "@pes/sync/db";
import { createTestDatabase, startGroupAtEnd, testTrustEnv } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { appDir } from "../test/support/apps.js";
import { type BatchItem, CITY, cityYear, type Expected, emptyExpected } from "./city-year.js";

const { values } = parseArgs({
  args: scriptArgs(),
  options: {
    records: { type: "string", default: "1000000" },
    batch: { type: "string", default: "5000" },
    concurrency: { type: "string", default: "4" },
    seed: { type: "string", default: "2025" },
    "hub-during": { type: "boolean", default: false },
  },
});
const RECORDS = Number(values.records);
const BATCH = Number(values.batch);
const CONCURRENCY = Number(values.concurrency);
const SEED = Number(values.seed);
const HUB_DURING = values["hub-during"];

const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:19094").split(",");
const log = (...args: unknown[]) => console.log("[bench:city]", ...args);
/** A progress line: rewritten in place on a terminal, a line of its own in a log; undefined ends it. */
function progress(line: string | undefined) {
  if (process.stdout.isTTY) process.stdout.write(line === undefined ? "\r\x1b[K" : `\r\x1b[K${line}`);
  else if (line !== undefined) console.log(line);
}
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const secret = `bench-${randomBytes(16).toString("hex")}`;
const run = randomBytes(3).toString("hex");

/** Waits for `done` to hold, checking every `everyMs`, for at most `timeoutMs`. */
async function until(what: string, done: () => Promise<boolean>, timeoutMs: number, everyMs = 1000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function cli(dir: URL, env: Record<string, string>, script: string, args: string[]) {
  const proc = spawnTsx(dir, script, env, args);
  await proc.waitForExit(script, 60_000);
  const token = /token \(shown once[^)]*\): (\S+)/.exec(proc.output)?.[1];
  if (!token) throw new Error(`${script} printed no token: ${proc.output}`);
  return token;
}

interface Service {
  url: string;
  env: Record<string, string>;
  proc: TestProcess;
  db: { url: string; drop(): Promise<void> };
  stop(): Promise<void>;
}

async function service(dir: URL, label: string, env: Record<string, string>): Promise<Service> {
  const db = await createTestDatabase(label);
  const port = await freePort();
  const full = {
    ...env,
    PORT: String(port),
    DATABASE_URL: db.url,
    KAFKA_BROKERS: brokers.join(","),
    PES_PERSON_KEY_SECRET: secret,
    PES_PII_KEY: randomBytes(32).toString("base64"),
    PES_LOG_LEVEL: "warn",
  };
  // BENCH_PROFILE=<dir>: the city node writes a CPU profile there when it stops (node --cpu-prof).
  const profile =
    process.env.BENCH_PROFILE && label === "benchcitynode" ? process.env.BENCH_PROFILE : undefined;
  const proc = spawnTsx(dir, "src/main.ts", {
    ...full,
    ...(profile ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profile}` } : {}),
  });
  const url = `http://127.0.0.1:${port}`;
  await proc.waitUntil(
    () =>
      fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      ),
    `${label} answering /healthz`,
    120_000,
  );
  return {
    url,
    env: full,
    proc,
    db,
    async stop() {
      proc.signal("SIGTERM");
      await proc.waitForExit(`${label} stopping`, 60_000).catch(() => proc.kill());
      if (!process.env.BENCH_KEEP_DB) await db.drop();
    },
  };
}

const kafka = createKafka({ brokers, clientId: `bench-city-${run}` });
const admin = kafka.admin();
await admin.connect();
await provisionTopics(admin, { cities: [CITY], markets: [] });
const cityTopics = [topics.cityPerson(CITY), topics.cityMaster(CITY)];

console.log(
  `pes bench:city — a city-year of ${fmt(RECORDS)} records for 厦门 ${CITY} through POST /v1/batches (${fmt(BATCH)} a batch, ${CONCURRENCY} at once), broker ${brokers.join(",")}`,
);
console.log(
  `  machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; the node, the hub, Kafka, PostgreSQL and this loader on it; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);

const cityDir = appDir("city-node");
const hubDir = appDir("province-hub");
const node = await service(cityDir, "benchcitynode", {
  CITY_CODE: CITY,
  PES_CONSUMER_GROUP: `bench-city-${run}`,
  ...testTrustEnv(sourceOf.city(CITY), [sourceOf.province()]),
});
const nodeToken = await cli(cityDir, node.env, "src/cli/issue-token.ts", ["--admin", "bench"]);
const nodeDb = await openDatabase({ url: node.db.url, poolSize: 2 });
log(`city node up at ${node.url}`);

let hub: Service | undefined;
let hubToken = "";
// A new group of the hub, at the end of what the broker holds before the load: it reads this run's records.
const group = `bench-city-hub-${run}`;
await startGroupAtEnd(admin, group, [/^pes\.city\.350200\.(person|master)$/]);
async function startHub() {
  hub = await service(hubDir, "benchcityhub", {
    PES_CONSUMER_GROUP: group,
    ...testTrustEnv(sourceOf.province(), [sourceOf.city(CITY)]),
  });
  hubToken = await cli(hubDir, hub.env, "src/cli/issue-token.ts", ["--admin", "bench"]);
  log(`hub up at ${hub.url} (group ${group})`);
}

/** The city's topic ends before the load: the hub's work is what the load adds. */
const endsOf = async () =>
  Object.fromEntries(
    await Promise.all(
      cityTopics.map(
        async (t) => [t, (await admin.fetchTopicOffsets(t)).reduce((n, p) => n + Number(p.high), 0)] as const,
      ),
    ),
  );

interface Load {
  seconds: number;
  counts: Record<string, number>;
  refused: string[];
  expected: Expected;
}

/** The year through POST /v1/batches, CONCURRENCY batches at a time (each a set of whole persons). */
async function load(label: string): Promise<Load> {
  const expected = emptyExpected();
  const year = cityYear(RECORDS, expected, { seed: SEED, batchSize: BATCH });
  const counts: Record<string, number> = { created: 0, revised: 0, unchanged: 0, refused: 0 };
  const refused: string[] = [];
  let sent = 0;
  let lastReport = Date.now();
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const next = year.next();
      if (next.done) return;
      const items: BatchItem[] = next.value;
      const body = `${items.map((i) => JSON.stringify(i)).join("\n")}\n`;
      const res = await fetch(`${node.url}/v1/batches?unknownServicePoints=create`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${nodeToken}`,
          "content-type": "application/x-ndjson",
          "idempotency-key": randomUUID(),
          "x-purpose": "bench:city",
        },
        body,
      });
      const answer = (await res.json()) as {
        counts?: Record<string, number>;
        items?: Array<{
          status: string;
          kind: string;
          problem?: { type: string; detail: string; errors?: unknown };
        }>;
      };
      if (res.status !== 200)
        throw new Error(
          `POST /v1/batches: ${res.status} ${JSON.stringify(answer).slice(0, 1000)}\nthe node said:\n${node.proc.output.slice(-3000)}`,
        );
      for (const k of Object.keys(counts)) counts[k]! += answer.counts![k] ?? 0;
      for (const item of answer.items!)
        if (item.problem && refused.length < 10)
          refused.push(
            `${item.kind}: ${item.problem.type} ${item.problem.detail} ${JSON.stringify(item.problem.errors ?? [])}`,
          );
      sent += items.length;
      if (Date.now() - lastReport > (process.stdout.isTTY ? 10_000 : 60_000)) {
        lastReport = Date.now();
        const s = (performance.now() - started) / 1000;
        progress(`  ${label}: ${fmt(sent)} records in ${s.toFixed(0)} s (${fmt(sent / s)}/s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  progress(undefined);
  return { seconds, counts, refused, expected };
}

const before = await endsOf();
if (HUB_DURING) await startHub();

// 1. The year, into the node.
const loadStarted = Date.now();
const first = await load("load");
const accepted = first.counts.created! + first.counts.revised! + first.counts.unchanged!;
const nodeRate = accepted / first.seconds;
console.log(
  `  load:  ${fmt(first.expected.records)} records (${fmt(first.expected.persons)} persons) in ${first.seconds.toFixed(0)} s — ${fmt(nodeRate)} records/s accepted by the node (validated, rules applied, personal data sealed, outboxed)`,
);
console.log(
  `         created ${fmt(first.counts.created!)}, revised ${fmt(first.counts.revised!)}, unchanged ${fmt(first.counts.unchanged!)}, refused ${fmt(first.counts.refused!)}`,
);
console.log(
  `         by kind: ${Object.entries(first.expected.byKind)
    .map(([k, n]) => `${k} ${fmt(n)}`)
    .join(", ")}`,
);
for (const r of first.refused) console.log(`         refused: ${r}`);

// 2. Until the node's relay has published everything and the hub has applied it all.
const outboxLeft = async () =>
  rowsOf<{ n: number }>(
    await nodeDb.db.execute(sql`select count(*)::int as n from pes_outbox where published_at is null`),
  )[0]!.n;
await until("the node's outbox to drain", async () => (await outboxLeft()) === 0, 3_600_000);
const relayed = Date.now();
const after = await endsOf();
const published = cityTopics.reduce((n, t) => n + (after[t]! - before[t]!), 0);
console.log(
  `  relay: ${fmt(published)} events on ${cityTopics.join(", ")}, all published ${((relayed - loadStarted) / 1000).toFixed(0)} s after the load started (${((relayed - loadStarted) / 1000 - first.seconds).toFixed(0)} s after it ended)`,
);
const hubStarted = Date.now();
if (!HUB_DURING) await startHub();
let lastReport = Date.now();
await until(
  "the hub to apply every event",
  async () => {
    if (hub?.proc.exit) throw new Error(`the hub stopped:\n${hub.proc.output.slice(-4000)}`);
    const lag = await consumerLag(admin, group, cityTopics).catch(() => []);
    const left = lag.reduce((n, p) => n + p.lag, 0);
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      progress(`  hub: ${fmt(left)} events to go`);
    }
    return lag.length > 0 && left === 0;
  },
  7_200_000,
  2_000,
);
const applied = Date.now();
progress(undefined);

type Row = { code: string; numerator: number | null; denominator: number | null };
async function indicators(): Promise<Map<string, Row>> {
  const res = await fetch(`${hub!.url}/v1/indicators?city=${CITY}&period=2025`, {
    headers: { authorization: `Bearer ${hubToken}` },
  });
  const body = (await res.json()) as { groups: Array<{ indicators: Row[] }> };
  if (!res.ok) throw new Error(`GET /v1/indicators: ${res.status} ${JSON.stringify(body)}`);
  return new Map(body.groups.flatMap((g) => g.indicators).map((r) => [r.code, r]));
}
const e = first.expected;
const want: Array<[string, "numerator" | "denominator", number]> = [
  ["new_employment", "numerator", e.newEmployment],
  ["subsidized_training_visits", "numerator", e.subsidisedCompleted],
  ["certificate_rate", "numerator", e.certified],
  ["certificate_rate", "denominator", e.completedTraining],
  ["registered_unemployed", "numerator", e.openAtYearEnd],
];
let table = await indicators();
const shown = () => want.every(([code, part, n]) => table.get(code)?.[part] === n);
await until(
  "GET /v1/indicators to show the year",
  async () => {
    table = await indicators();
    return shown();
  },
  300_000,
  1_000,
).catch(() => undefined);
const reflected = Date.now();
console.log(
  `  hub:   applied all ${fmt(published)} events ${((applied - loadStarted) / 1000).toFixed(0)} s after the load started${HUB_DURING ? "" : ` (the hub started when the node had published them; ${((applied - hubStarted) / 1000).toFixed(0)} s of ingest, ${fmt(published / ((applied - hubStarted) / 1000))} events/s)`}`,
);
console.log(
  `         GET /v1/indicators?city=${CITY}&period=2025 ${shown() ? "shows" : "does NOT show"} the year ${((reflected - loadStarted) / 1000).toFixed(0)} s after the load started:`,
);
for (const [code, part, n] of want)
  console.log(
    `           ${`${code}.${part}`.padEnd(34)} expected ${fmt(n).padStart(8)}   hub ${fmt(table.get(code)?.[part] ?? Number.NaN).padStart(8)}`,
  );
if (!shown()) process.exitCode = 1;

// 3. The same year again: nothing new.
const second = await load("again");
console.log(
  `  again: the same ${fmt(second.expected.records)} records in ${second.seconds.toFixed(0)} s (${fmt(second.expected.records / second.seconds)}/s): created ${fmt(second.counts.created!)}, revised ${fmt(second.counts.revised!)}, unchanged ${fmt(second.counts.unchanged!)}, refused ${fmt(second.counts.refused!)} — ${fmt(second.counts.created!)} new records`,
);
if (second.counts.created !== 0 || second.counts.revised !== 0) process.exitCode = 1;
console.log(
  `  load average now ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);

// 4. The ceiling: COPY of the same rows into one table.
const scratch = await createTestDatabase("benchcitycopy");
const copyDb = await openDatabase({ url: scratch.url, poolSize: 1 });
if (copyDb.driver !== "postgres") throw new Error("COPY needs PostgreSQL");
await copyDb.client`create table bench_copy (kind text not null, source_record_id text not null, record jsonb not null)`;
const esc = (s: string) => s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n");
const copyStarted = performance.now();
const writable = await copyDb.client`copy bench_copy (kind, source_record_id, record) from stdin`.writable();
let copied = 0;
await new Promise<void>((resolve, reject) => {
  writable.on("error", reject);
  writable.on("finish", resolve);
  const year = cityYear(RECORDS, emptyExpected(), { seed: SEED, batchSize: BATCH });
  let pending: BatchItem[] = [];
  const pump = () => {
    for (;;) {
      if (pending.length === 0) {
        const next = year.next();
        if (next.done) return void writable.end();
        pending = next.value;
      }
      const chunk = pending
        .map((i) => `${i.kind}\t${esc(String(i.record.sourceRecordId))}\t${esc(JSON.stringify(i.record))}\n`)
        .join("");
      copied += pending.length;
      pending = [];
      if (!writable.write(chunk)) return void writable.once("drain", pump);
    }
  };
  pump();
});
const copySeconds = (performance.now() - copyStarted) / 1000;
const copyRate = copied / copySeconds;
await copyDb.close();
await scratch.drop();
console.log(
  `  ceiling: COPY of the same ${fmt(copied)} rows into one table in ${copySeconds.toFixed(1)} s — ${fmt(copyRate)} records/s; the node's intake is ${((100 * nodeRate) / copyRate).toFixed(1)} % of it (1 : ${(copyRate / nodeRate).toFixed(1)})`,
);

await nodeDb.close();
await hub?.stop();
await node.stop();
await admin.disconnect();
