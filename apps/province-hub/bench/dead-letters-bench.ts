// corepack pnpm exec tsx bench/dead-letters-bench.ts [N]: N dead letters (default 33,000) on a fresh
// topic, indexed by the hub's indexer into a fresh database (TEST_DATABASE_URL's server); prints how
// fast they are indexed, how long GET /v1/dead-letters takes, and the longest event-loop stall meanwhile.
import "@hono/zod-openapi";
import { randomBytes } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createKafkaProbe } from "@pes/http";
import { sourceOf, toKafkaHeaders } from "@pes/schemas";
import {
  createKafka,
  createProducer,
  createTopicsWithLeaders,
  StreamMetrics,
  sendToDeadLetters,
} from "@pes/sync";
import { createTestDatabase, sealAndSign, TEST_BROKERS, testTrust, waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import type { KafkaMessage } from "kafkajs";
import { createApp } from "../src/app.js";
import { createOperator, issueToken } from "../src/auth/tokens.js";
import { openAppDatabase } from "../src/db/index.js";
import { startDeadLetterIndexer } from "../src/streams/dead-letter-indexer.js";

const N = Number(process.argv[2] ?? 33_000);
const suffix = randomBytes(4).toString("hex");
const topic = `pes.bench.dead-letters.${suffix}`;
const kafka = createKafka({ brokers: TEST_BROKERS, clientId: "bench-dead-letters" });
const admin = kafka.admin();
const producer = createProducer(kafka);
await Promise.all([admin.connect(), producer.connect()]);
await createTopicsWithLeaders(admin, [{ topic, numPartitions: 3, replicationFactor: 1 }]);
const testDb = await createTestDatabase("dlbench");
const db = await openAppDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent" });

// Dead letters as the hub's consumer writes them: ten cities' sources, one in seven an invalid record,
// each the original record as its city published it (sealed for the province, signed by the city).
const province = testTrust(sourceOf.province());
const cities = new Map<string, ReturnType<typeof testTrust>>();
const cityTrust = (source: string) => {
  const trust = cities.get(source) ?? testTrust(source);
  cities.set(source, trust);
  return trust;
};
const record = (n: number) => ({
  key: `k${n}`,
  value: JSON.stringify({ id: `e${n}`, person: { idNumber: "x", name: "y" }, cityCode: "350200" }),
  headers: toKafkaHeaders({
    id: `e${n}`,
    source: `/city/3502${n % 10}0`,
    type: "unemployment-registration",
    specversion: "1.0",
    time: new Date().toISOString(),
    datacontenttype: "application/json",
  }),
});
const letters = (from: number, count: number) => {
  const bySource = new Map<string, ReturnType<typeof record>[]>();
  for (let n = from; n < from + count; n++) {
    const r = record(n);
    const list = bySource.get(r.headers.ce_source!) ?? [];
    list.push(r);
    bySource.set(r.headers.ce_source!, list);
  }
  return [...bySource].flatMap(([source, records]) =>
    sealAndSign(cityTrust(source), sourceOf.province(), records).map((m) => {
      const n = Number(m.headers.ce_id!.slice(1));
      return {
        message: {
          key: Buffer.from(m.key),
          value: Buffer.from(m.value),
          headers: m.headers,
          offset: String(n),
          timestamp: String(Date.now()),
          attributes: 0,
        } as KafkaMessage,
        why: { reason: n % 7 === 0 ? "invalid-record" : "handler-rejected", detail: "bench" } as const,
      };
    }),
  );
};
for (let i = 0; i < N; i += 1_000) {
  await sendToDeadLetters(
    producer,
    { topic: "pes.bench.origin", partition: 0, group: "bench", deadLetterTopic: topic },
    letters(i, Math.min(1_000, N - i)),
  );
}

const stalls = monitorEventLoopDelay({ resolution: 10 });
stalls.enable();
const indexing = Date.now();
const indexer = await startDeadLetterIndexer({
  brokers: TEST_BROKERS,
  db: db.db,
  topic,
  groupId: `bench-${suffix}`,
  trust: province,
});
const probe = createKafkaProbe({ clientId: "bench-dead-letters", brokers: TEST_BROKERS });
const streams = {
  metrics: new StreamMetrics(),
  producer,
  admin,
  deadLetterTopic: topic,
  lastSeen: () => new Map(),
  lag: async () => [],
};
const app = createApp({
  config: {
    personKeySecret: "bench-secret-0123456789abcdef",
    piiKey: Buffer.alloc(32, 1).toString("base64"),
  },
  db,
  kafka: probe,
  trust: province,
  streams,
});
const operator = await createOperator(db.db, "bench", "viewer");
const headers = { authorization: `Bearer ${await issueToken(db.db, operator, "bench")}` };
const get = async (query: string) =>
  (await (await app.request(`/v1/dead-letters${query}`, { headers })).json()) as {
    total: number;
    notYetIndexed: number | null;
  };
await waitFor(async () => (await get("?pageSize=1")).notYetIndexed === 0, {
  timeoutMs: 600_000,
  what: "the index",
});
const seconds = (Date.now() - indexing) / 1000;
console.log(
  `indexed ${N.toLocaleString()} dead letters in ${seconds.toFixed(1)} s (${Math.round(N / seconds).toLocaleString()}/s, from the indexer's start)`,
);
console.log(`  event loop meanwhile: longest stall ${(stalls.max / 1e6).toFixed(0)} ms`);

async function listings(when: string) {
  console.log(`  ${when}:`);
  for (const query of [
    "",
    "?reason=invalid-record",
    "?page=100&pageSize=50",
    "?city=350200&reason=invalid-record",
  ]) {
    const times: number[] = [];
    let total = 0;
    for (let k = 0; k < 5; k++) {
      const start = performance.now();
      total = (await get(query)).total;
      times.push(performance.now() - start);
    }
    console.log(
      `    GET /v1/dead-letters${query}: total ${total}, ${times.map((t) => t.toFixed(0)).join(" / ")} ms`,
    );
  }
}
stalls.reset();
// Right after a backlog the planner has no statistics of the table yet: it may sort a deep page instead
// of reading the index backwards. Autovacuum (or keepStatistics, where it is off) analyzes within a minute.
await listings("at once");
await db.db.execute(sql`analyze hub_dead_letters`);
await listings("once the table is analyzed");
console.log(`  event loop while listing: longest stall ${(stalls.max / 1e6).toFixed(0)} ms`);

await indexer.stop();
await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
await Promise.all([producer.disconnect(), admin.disconnect(), probe.close()]);
await db.close();
await testDb.drop();
