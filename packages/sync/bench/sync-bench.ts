// pnpm bench:sync [N]: pushes N synthetic records through outbox → Kafka → consumer → PostgreSQL and
// prints throughput and end-to-end latency, next to the machine's own ceilings measured in the same
// run: Kafka's ProducerPerformance (acks=all, same record size) and a COPY of the same rows.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { ConsumerRunner, type IncomingEvent } from "../src/consumer/runner.js";
import type { Database } from "../src/db/index.js";
import { kafkaTlsPaths } from "../src/kafka.js";
import { writeToOutbox } from "../src/outbox/write.js";
import { waitFor } from "../src/testing/index.js";
import { CONSUMER, PRODUCER, personEvent, setupPipeline } from "../test/harness.js";

const N = Number(process.argv[2] ?? process.env.BENCH_N ?? 100_000);
const WRITE_TX = 1_000;
const kafkaSh = fileURLToPath(new URL("../../../infra/kafka/kafka.sh", import.meta.url));

const p = await setupPipeline("bench");
const latencies: number[] = [];
let applied = 0;
let lastAppliedAt = 0;

// Bulk apply: one INSERT … SELECT FROM unnest per chunk, not one INSERT per record.
async function applyBatch(tx: Database, events: IncomingEvent[]) {
  const now = Date.now();
  const ids: string[] = [];
  const keys: string[] = [];
  const seqs: number[] = [];
  const payloads: string[] = [];
  for (const e of events) {
    const data = e.data as { person: { key: string }; revision: number };
    ids.push(e.attributes.id);
    keys.push(data.person.key);
    seqs.push(data.revision);
    payloads.push(JSON.stringify(e.data));
    // The bench's producer sets ce_time; the Kafka timestamp covers one that does not.
    latencies.push(
      now - (e.attributes.time ? Date.parse(e.attributes.time) : (e.appendedAt?.getTime() ?? now)),
    );
  }
  await tx.execute(sql`insert into received (event_id, type, person_key, seq, payload)
    select e, 'service-record', k, s, v from unnest(${sql.param(ids)}::text[], ${sql.param(keys)}::text[], ${sql.param(seqs)}::int[], ${sql.param(payloads)}::text[]) as x(e, k, s, v)`);
  applied += events.length;
  lastAppliedAt = now;
}

const events = Array.from({ length: N }, (_, i) =>
  personEvent(p.topic, i % 5_000, Math.floor(i / 5_000) + 1),
);
const recordBytes = Math.round(
  events.slice(0, 100).reduce((n, e) => n + JSON.stringify(e.data).length, 0) / 100,
);
console.log(
  `pes bench:sync — ${N.toLocaleString()} records of ~${recordBytes} bytes, broker ${p.kafka ? (process.env.KAFKA_BROKERS ?? "127.0.0.1:19094") : ""}${kafkaTlsPaths(process.env) ? " (mutual TLS)" : " (plaintext)"}`,
);

const relay = p.relay({ batchSize: 2_000 });
relay.start();
const consumer = new ConsumerRunner({
  kafka: p.kafka,
  db: p.db,
  producer: p.producer,
  groupId: p.group,
  topics: [p.topic],
  deadLetterTopic: p.deadLetterTopic,
  handleBatch: applyBatch,
  trust: CONSUMER,
  chunkSize: 1_000,
});
await consumer.start();

const started = Date.now();
for (let i = 0; i < N; i += WRITE_TX) {
  await p.db.transaction((tx) => writeToOutbox(tx, events.slice(i, i + WRITE_TX), PRODUCER.sealer));
  relay.wake();
}
const written = Date.now();
await waitFor(() => applied >= N, { timeoutMs: 30 * 60_000, intervalMs: 50, what: "every record applied" });
const pipelineSeconds = (lastAppliedAt - started) / 1000;
const pipelineRate = N / pipelineSeconds;
latencies.sort((a, b) => a - b);
const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
await consumer.stop();
await relay.stop();

// Ceiling 1: the broker's own producer tool, same record size, acks=all, on a fresh topic.
const perfTopic = `${p.topic}.perf`;
await p.admin.createTopics({
  waitForLeaders: true,
  topics: [{ topic: perfTopic, numPartitions: 6, replicationFactor: 1 }],
});
// The Java client over the same mutual TLS, as the same principal (pes-admin): a PEM keystore file of
// its key and certificate, the CA as PEM truststore.
const tlsPaths = kafkaTlsPaths(process.env);
const perfDir = mkdtempSync(join(tmpdir(), "pes-bench-"));
const perfConfig = join(perfDir, "producer.properties");
if (tlsPaths) {
  writeFileSync(
    join(perfDir, "keystore.pem"),
    readFileSync(tlsPaths.key, "utf8") + readFileSync(tlsPaths.cert, "utf8"),
    {
      mode: 0o600,
    },
  );
  writeFileSync(
    perfConfig,
    [
      "security.protocol=SSL",
      "ssl.keystore.type=PEM",
      `ssl.keystore.location=${join(perfDir, "keystore.pem")}`,
      "ssl.truststore.type=PEM",
      `ssl.truststore.location=${tlsPaths.ca}`,
      "",
    ].join("\n"),
  );
} else writeFileSync(perfConfig, "");
const perfOut = execFileSync(
  "bash",
  [
    kafkaSh,
    "class",
    "org.apache.kafka.tools.ProducerPerformance",
    "--topic",
    perfTopic,
    "--num-records",
    String(N),
    "--record-size",
    String(recordBytes),
    "--throughput",
    "-1",
    "--producer-props",
    `bootstrap.servers=${(process.env.KAFKA_BROKERS ?? "127.0.0.1:19094").split(",")[0]}`,
    "acks=all",
    "enable.idempotence=true",
    "--producer.config",
    perfConfig,
  ],
  { encoding: "utf8" },
);
rmSync(perfDir, { recursive: true, force: true });
const summary = perfOut.trim().split("\n").pop() ?? "";
const kafkaRate = Number(/([\d.]+) records\/sec/.exec(summary)?.[1] ?? Number.NaN);

// Ceiling 2: COPY of the same rows into the same table.
await p.db.execute(sql`truncate received`);
const copyClient = postgres(p.dbUrl, { max: 1 });
const copyStart = Date.now();
const writable =
  await copyClient`copy received (event_id, type, person_key, seq, payload) from stdin`.writable();
const esc = (s: string) => s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n");
await new Promise<void>((resolve, reject) => {
  writable.on("error", reject);
  writable.on("finish", resolve);
  let i = 0;
  const pump = () => {
    while (i < N) {
      const e = events[i++]!;
      const d = e.data as { person: { key: string }; revision: number };
      if (
        !writable.write(
          `${e.definition.name}-${i}\tservice-record\t${d.person.key}\t${d.revision}\t${esc(JSON.stringify(e.data))}\n`,
        )
      ) {
        writable.once("drain", pump);
        return;
      }
    }
    writable.end();
  };
  pump();
});
const copyRate = N / ((Date.now() - copyStart) / 1000);
await copyClient.end();

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
console.log("");
console.log(
  `pipeline  outbox → Kafka → consumer → PostgreSQL   ${fmt(pipelineRate)} records/s   (${pipelineSeconds.toFixed(1)} s; writes took ${((written - started) / 1000).toFixed(1)} s)`,
);
console.log(
  `          end-to-end latency                         p50 ${fmt(pct(0.5))} ms   p99 ${fmt(pct(0.99))} ms`,
);
console.log(
  `ceiling   Kafka ProducerPerformance (acks=all)       ${fmt(kafkaRate)} records/s   → pipeline is ${((100 * pipelineRate) / kafkaRate).toFixed(1)}% of it`,
);
console.log(`          ${summary}`);
console.log(
  `ceiling   PostgreSQL COPY of the same rows           ${fmt(copyRate)} records/s   → pipeline is ${((100 * pipelineRate) / copyRate).toFixed(1)}% of it`,
);
await p.close();
