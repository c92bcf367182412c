import { randomInt } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { type createKafka, rowsOf } from "@pes/sync";
import { openDatabase } from "@pes/sync/db";
import { sql } from "drizzle-orm";

type Kafka = ReturnType<typeof createKafka>;
type Admin = ReturnType<Kafka["admin"]>;

// Helpers of the at-rest test (issue 15 #2): personal values unique to a run, and where they lie in clear.

const GIVEN = "琦瑾珂璇煜瑛珩琬璟瑶璐琨玮珏翊骁骞晟昀旻昶曦皓铮钰锦镕岚峤崧";

/** A name no other run or fixture uses: 4 characters, so its masked form (司****) never contains it. */
export const uniqueName = (surname = "司马") =>
  surname + [0, 1].map(() => GIVEN[randomInt(GIVEN.length)]).join("");

export const uniqueMobile = () => `139${String(randomInt(1e8)).padStart(8, "0")}`;

export const uniqueLandline = () => `0592-${String(randomInt(1e7)).padStart(7, "0")}`;

/**
 * A birth date in 1985–1999, so a sample ID number of this run is not one of another run's, and of
 * working age for years to come (a woman born in 1975 reached her retirement age of 50 years and some
 * months in 2025–26 and could not register as unemployed: the run failed when it drew one).
 */
export function uniqueBirthDate(): string {
  const d = new Date(Date.UTC(1985, 0, 1) + randomInt(15 * 365) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/**
 * Every table of the database at `url` (every schema but PostgreSQL's own) holding one of `values` in
 * clear, as "table: value": each row is searched as text (`t::text`), and for the hex a bytea shows.
 */
export async function clearValuesIn(
  url: string,
  values: readonly string[],
  { except = [], only }: { except?: readonly string[]; only?: readonly string[] } = {},
): Promise<string[]> {
  const handle = await openDatabase({ url, poolSize: 2 });
  try {
    const tables = rowsOf<{ schema: string; name: string }>(
      await handle.db.execute(sql`select table_schema as schema, table_name as name
        from information_schema.tables where table_type = 'BASE TABLE'
          and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`),
    ).filter((t) => !except.includes(t.name) && (!only || only.includes(t.name)));
    const found: string[] = [];
    for (const t of tables) {
      const table = sql.raw(`"${t.schema}"."${t.name}"`);
      const hits = rowsOf<{ v: string }>(
        await handle.db.execute(sql`select v from unnest(${sql.param([...values])}::text[]) as v
          where exists (select 1 from ${table} t
            where strpos(t::text, v) > 0 or strpos(t::text, encode(convert_to(v, 'UTF8'), 'hex')) > 0)`),
      );
      for (const h of hits) found.push(`${t.name}: ${h.v}`);
    }
    return found;
  } finally {
    await handle.close();
  }
}

/** Each partition's end offset of `topics` now: where a run's records begin. */
export async function endOffsets(admin: Admin, topics: readonly string[]) {
  const ends = new Map<string, Map<number, bigint>>();
  for (const topic of topics)
    ends.set(
      topic,
      new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, BigInt(o.high)])),
    );
  return ends;
}

/**
 * Every record on `topics` from the offsets `from` to their end now, read raw (not decoded): its key,
 * its value and its headers, as text.
 */
export async function rawRecordsSince(
  kafka: Kafka,
  from: Map<string, Map<number, bigint>>,
): Promise<Array<{ topic: string; text: string }>> {
  const admin = kafka.admin();
  await admin.connect();
  const until = await endOffsets(admin, [...from.keys()]).finally(() => admin.disconnect());
  const pending = new Set<string>();
  for (const [topic, parts] of until)
    for (const [p, end] of parts) if (end > (from.get(topic)?.get(p) ?? 0n)) pending.add(`${topic}/${p}`);
  const out: Array<{ topic: string; text: string }> = [];
  if (pending.size === 0) return out;
  const consumer = kafka.consumer({ groupId: `at-rest-raw-${randomInt(1e9)}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...from.keys()], fromBeginning: true });
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const offset = BigInt(message.offset);
        if (offset < (from.get(topic)?.get(partition) ?? 0n)) return;
        const end = until.get(topic)?.get(partition) ?? 0n;
        if (offset < end) {
          const headers = Object.entries(message.headers ?? {}).map(([k, v]) => `${k}=${String(v)}`);
          const text = [message.key?.toString("utf8"), message.value?.toString("utf8"), ...headers];
          out.push({ topic, text: text.join("\n") });
        }
        if (offset >= end - 1n) pending.delete(`${topic}/${partition}`);
        if (pending.size === 0) done();
      },
    });
    for (const [topic, parts] of from)
      for (const [partition, offset] of parts) consumer.seek({ topic, partition, offset: String(offset) });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the run's records not all read: ${[...pending]}`)), 60_000);
    });
    await Promise.race([finished, late]).finally(() => clearTimeout(timer));
  } finally {
    await consumer.disconnect();
  }
  return out;
}

/**
 * The broker's segment files of `topics` (every partition's *.log under its log.dirs), for a grep of
 * what rests on its disk. The local instance keeps them in $PES_CACHE/kafka-instances/<instance>/log
 * (infra/kafka/kafka.sh); PES_KAFKA_LOG_DIR names another.
 */
export function segmentFiles(topics: readonly string[]): string[] {
  const cache = process.env.PES_CACHE ?? join(homedir(), ".cache", "pes");
  const logDir =
    process.env.PES_KAFKA_LOG_DIR ??
    join(cache, "kafka-instances", process.env.PES_KAFKA_INSTANCE ?? "local", "log");
  if (!existsSync(logDir)) throw new Error(`no broker log folder at ${logDir}: set PES_KAFKA_LOG_DIR`);
  return readdirSync(logDir)
    .filter((d) => topics.some((t) => d.startsWith(`${t}-`) && /^\d+$/.test(d.slice(t.length + 1))))
    .flatMap((d) =>
      readdirSync(join(logDir, d))
        .filter((f) => f.endsWith(".log"))
        .map((f) => join(logDir, d, f)),
    );
}

/** Which of `values` occur, UTF-8 encoded, in any of `files`. */
export function valuesInFiles(files: readonly string[], values: readonly string[]): string[] {
  const found = new Set<string>();
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const v of values) if (bytes.includes(Buffer.from(v, "utf8"))) found.add(`${file}: ${v}`);
  }
  return [...found];
}
