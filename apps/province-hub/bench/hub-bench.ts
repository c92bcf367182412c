// pnpm bench:hub [N]: a province-sized synthetic year (default 5,000,000 events across nine cities)
// published to Kafka as the city nodes and gig markets would (each record sealed for the province and
// signed by its node in batches of 500, as their relays do, with the test keys), then ingested by the
// hub running as its own process (verifying and opening every record); prints the ingest rate and how
// long the indicator table takes to answer over HTTP for one city and for every city, from the hub's
// incremental state.
import { randomBytes } from "node:crypto";
// The child-process helpers without vitest: the bench runs under plain node.
import { freePort, spawnTsx } from "@pes/http/child";
import { FUJIAN_CITIES, sourceOf, topics } from "@pes/schemas";
import {
  consumerLag,
  createKafka,
  createProducer,
  DEFAULT_MARKETS,
  provisionTopics,
  rowsOf,
  type Trust,
  withRetry,
} from "@pes/sync";
import { createTestDatabase, sealAndSign, testTrust, testTrustEnv, waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { createOperator, issueToken } from "../src/auth/tokens.js";
import { openAppDatabase } from "../src/db/index.js";
import { BENCH_CITIES, BENCH_MARKETS, cityName, syntheticProvince } from "./synthetic.js";

const N = Number(process.argv[2] ?? process.env.BENCH_N ?? 5_000_000);
const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:19094").split(",");
const secret = `bench-${randomBytes(16).toString("hex")}`;
const kafka = createKafka({ brokers, clientId: "bench-hub" });
const admin = kafka.admin();
await admin.connect();
await provisionTopics(admin, {
  cities: Object.keys(FUJIAN_CITIES),
  markets: [...DEFAULT_MARKETS, ...BENCH_MARKETS],
});
const ingestTopics = [
  ...BENCH_CITIES.flatMap((c) => [topics.cityPerson(c), topics.cityMaster(c)]),
  ...BENCH_MARKETS.map((m) => topics.gigEvents(m)),
];
// A fresh broker elects partition leaders a moment after the topics exist: retry until it has.
const offsetsNow = (topic: string) =>
  withRetry(async () => (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0), {
    attempts: 20,
    initialMs: 250,
    maxMs: 2_000,
    retryIf: (e) => (e as { retriable?: boolean }).retriable === true,
  });
const before = new Map(await Promise.all(ingestTopics.map(async (t) => [t, await offsetsNow(t)] as const)));
const dlqBefore = await offsetsNow(topics.deadLetters());
const backlog = [...before.values()].reduce((a, b) => a + b, 0);
console.log(
  `pes bench:hub — ${N.toLocaleString()} events across ${BENCH_CITIES.length} cities, broker ${brokers.join(",")}`,
);
if (backlog > 0)
  console.log(
    `  (the broker already holds ${backlog.toLocaleString()} records on these topics; a new consumer group reads them too)`,
  );

// Each node's keys (the test keys: derived from its source, known to the hub's registry below).
const nodes = new Map<string, Trust>();
const nodeTrust = (source: string) => {
  const trust = nodes.get(source) ?? testTrust(source);
  nodes.set(source, trust);
  return trust;
};
type Message = { key: string; value: string; headers: Record<string, string> };
/** One topic's records as its node's relay publishes them: sealed for the province, signed 500 at a time. */
function asPublished(messages: Message[]): Message[] {
  const bySource = new Map<string, Message[]>();
  for (const m of messages) {
    const list = bySource.get(m.headers.ce_source!) ?? [];
    list.push(m);
    bySource.set(m.headers.ce_source!, list);
  }
  return [...bySource].flatMap(([source, list]) => {
    const out: Message[] = [];
    for (let i = 0; i < list.length; i += 500)
      out.push(...sealAndSign(nodeTrust(source), sourceOf.province(), list.slice(i, i + 500)));
    return out;
  });
}

// 1. Publish the year, as fast as the idempotent acks=all producer goes, before the hub starts.
const producer = createProducer(kafka);
await producer.connect();
let produced = 0;
const producing = Date.now();
for (const cohort of syntheticProvince(N, { personKeySecret: secret })) {
  for (let i = 0; i < cohort.length; i += 5_000) {
    const byTopic = new Map<string, Message[]>();
    for (const e of cohort.slice(i, i + 5_000)) {
      const list = byTopic.get(e.topic) ?? [];
      list.push({ key: e.key, value: e.value, headers: e.headers });
      byTopic.set(e.topic, list);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages: asPublished(messages) })),
    });
  }
  produced += cohort.length;
  process.stdout.write(`\r  published ${produced.toLocaleString()}`);
}
const publishSeconds = (Date.now() - producing) / 1000;
console.log(
  `\r  published ${produced.toLocaleString()} events in ${publishSeconds.toFixed(0)} s (${Math.round(produced / publishSeconds).toLocaleString()}/s, generator, sealing, signing and producer in one process)`,
);
await producer.disconnect();

// 2. The hub as it runs in production, on its own database and consumer group, draining the year.
const testDb = await createTestDatabase("benchhub");
const group = `bench-hub-${randomBytes(4).toString("hex")}`;
const piiKey = randomBytes(32).toString("base64");
// BENCH_HUB_PROCESSES=2: hub processes in one consumer group on one database, as a deployment scales out.
const processes = Math.max(1, Number(process.env.BENCH_HUB_PROCESSES ?? 1));
// BENCH_PROFILE=<dir>: each hub process writes a CPU profile there when it stops (node --cpu-prof).
const profile = process.env.BENCH_PROFILE;
const ports: number[] = [];
for (let i = 0; i < processes; i++) ports.push(await freePort());
const port = ports[0]!;
const startHub = (p: number) =>
  spawnTsx(new URL("..", import.meta.url), "src/main.ts", {
    PORT: String(p),
    DATABASE_URL: testDb.url,
    KAFKA_BROKERS: brokers.join(","),
    PES_CONSUMER_GROUP: group,
    PES_PERSON_KEY_SECRET: secret,
    PES_PII_KEY: piiKey,
    PES_LOG_LEVEL: "warn",
    ...(profile ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profile}` } : {}),
    // The province's test keys, and the public keys of every node that publishes for it.
    ...testTrustEnv(sourceOf.province(), [
      ...Object.keys(FUJIAN_CITIES).map((c) => sourceOf.city(c)),
      ...[...DEFAULT_MARKETS, ...BENCH_MARKETS].map((m) => sourceOf.gig(m)),
    ]),
  });
// The first process migrates the fresh database; the others start once it answers, as a deployment scales out.
const hubs = [startHub(port)];
await waitFor(
  async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200,
  {
    timeoutMs: 180_000,
    what: "the first hub process ready",
  },
);
for (const p of ports.slice(1)) hubs.push(startHub(p));
if (processes > 1) console.log(`  ${processes} hub processes in group ${group}`);
const total = produced + backlog;
let started = 0;
let consumed = 0;
const spawned = Date.now();
let lastReport = Date.now();
while (consumed < total) {
  await new Promise((r) => setTimeout(r, 2_000));
  const stopped = hubs.find((h) => h.exit);
  if (stopped) throw new Error(`a hub process stopped:\n${stopped.output.slice(-4000)}`);
  const lag = await consumerLag(admin, group, ingestTopics).catch(() => []);
  consumed = lag.reduce((n, p) => n + p.committed, 0);
  if (lag.length === 0 || lag.every((p) => p.committed === 0)) continue;
  if (!started) started = Date.now();
  if (Date.now() - lastReport > 30_000) {
    lastReport = Date.now();
    const rate = consumed / ((Date.now() - started) / 1000);
    process.stdout.write(
      `\r  ingested ${consumed.toLocaleString()} of ${total.toLocaleString()} (${Math.round(rate).toLocaleString()}/s so far)   `,
    );
  }
}
const ingestSeconds = (Date.now() - started) / 1000;
const deadLettered = (await offsetsNow(topics.deadLetters())) - dlqBefore;
console.log(
  `\r  ingested ${total.toLocaleString()} events in ${ingestSeconds.toFixed(0)} s: ${Math.round(total / ingestSeconds).toLocaleString()} records/s (hub start-up ${((started - spawned) / 1000).toFixed(0)} s not counted); dead-lettered ${deadLettered}`,
);

// 3. The indicator table over HTTP, as an operator asks for it.
const db = await openAppDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent" });
const token = await issueToken(db.db, await createOperator(db.db, "bench", "viewer"), "bench");
const sizes = rowsOf<{ records: number; contributions: number; persons: number }>(
  await db.db.execute(sql`select (select count(*) from hub_records)::int as records,
    (select count(*) from hub_indicator_contributions)::int as contributions, (select count(*) from hub_persons)::int as persons`),
)[0]!;
console.log(
  `  hub state: ${sizes.records.toLocaleString()} records, ${sizes.persons.toLocaleString()} persons, ${sizes.contributions.toLocaleString()} indicator contributions`,
);

async function timeTable(query: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/v1/indicators?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as { items?: unknown[]; groups?: unknown[] };
  if (!res.ok) throw new Error(`GET /v1/indicators?${query}: ${res.status} ${JSON.stringify(body)}`);
  return performance.now() - t;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function measure(query: string, runs = 5) {
  const first = await timeTable(query);
  const rest: number[] = [];
  for (let i = 0; i < runs; i++) rest.push(await timeTable(query));
  return { first, median: median(rest) };
}

console.log("\n  indicator table (27 indicators), HTTP GET /v1/indicators, ms: first call / median of 5");
for (const period of ["2025-03", "2025-Q1", "2025-H1", "2025"]) {
  const m = await measure(`city=350200&period=${period}`);
  console.log(
    `    厦门 350200 ${period.padEnd(8)} ${m.first.toFixed(0).padStart(6)} / ${m.median.toFixed(0)}`,
  );
}
const allCities = performance.now();
for (const city of BENCH_CITIES) await timeTable(`city=${city}&period=2025`);
console.log(
  `    all ${BENCH_CITIES.length} cities, one after another, 2025: ${(performance.now() - allCities).toFixed(0)} ms`,
);
const province = await measure("period=2025");
console.log(
  `    the province (350000)  2025     ${province.first.toFixed(0).padStart(6)} / ${province.median.toFixed(0)}`,
);
console.log(`    (${BENCH_CITIES.map((c) => cityName(c)).join(" ")})`);

for (const h of hubs) h.signal("SIGTERM");
for (const h of hubs) await h.waitForExit("the hub to stop", 60_000);
await db.close();
await admin.disconnect();
if (!process.env.BENCH_KEEP_DB) await testDb.drop();
else console.log(`  database kept: ${testDb.url}`);
