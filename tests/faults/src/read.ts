import { randomUUID } from "node:crypto";
import { readTrusted, type Trust } from "@pes/sync";
import type { Kafka } from "kafkajs";
import postgres from "postgres";
import type { HubApplied, HubRow, TopicEntry } from "./checker.js";

/** Where each partition of a topic ends now: the checker reads from these marks taken before a row. */
export async function topicEnds(kafka: Kafka, topic: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    return new Map(ends.map((e) => [e.partition, BigInt(e.high)]));
  } finally {
    await admin.disconnect();
  }
}

/** How many records were appended to `topic` since the marks `from`. */
export async function appendedSince(kafka: Kafka, topic: string, from: Map<number, bigint>): Promise<number> {
  const ends = await topicEnds(kafka, topic);
  let n = 0n;
  for (const [p, high] of ends) n += high - (from.get(p) ?? 0n);
  return Number(n);
}

/**
 * Every record of `topic` from the marks `from` to the current ends, read raw from the broker and
 * opened with `trust` (the province's): the person key, record id and revision the hub would see.
 * A record that does not open or verify is an error: the checker must see every record.
 */
export async function readTopic(
  kafka: Kafka,
  trust: Trust,
  topic: string,
  from: Map<number, bigint>,
  timeoutMs = 60_000,
): Promise<(TopicEntry & { keyId: string })[]> {
  const ends = await topicEnds(kafka, topic);
  const pending = new Set([...ends].filter(([p, high]) => high > (from.get(p) ?? 0n)).map(([p]) => p));
  if (pending.size === 0) return [];
  const entries: (TopicEntry & { keyId: string })[] = [];
  const consumer = kafka.consumer({ groupId: `fault-checker-${randomUUID()}`, sessionTimeout: 10_000 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic} timed out`)), timeoutMs);
      void consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const high = ends.get(batch.partition) ?? 0n;
            const start = from.get(batch.partition) ?? 0n;
            for (const m of batch.messages) {
              const offset = BigInt(m.offset);
              if (offset < start || offset >= high) continue;
              const opened = readTrusted(trust, { topic, headers: m.headers, value: m.value });
              if (opened.ok !== true)
                throw new Error(
                  `${topic}@${batch.partition}:${m.offset} does not open: ${JSON.stringify(opened)}`,
                );
              const data = JSON.parse(opened.value) as {
                id: string;
                revision: number;
                person?: { key?: string };
              };
              if (!data.person?.key) continue;
              entries.push({
                personKey: data.person.key,
                recordId: data.id,
                revision: data.revision,
                eventId: opened.attributes.success ? opened.attributes.data.id : "",
                partition: batch.partition,
                offset,
                keyId: opened.proof.keyId,
              });
            }
            const last = batch.messages.at(-1);
            if (last && BigInt(last.offset) + 1n >= high) pending.delete(batch.partition);
            if (pending.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const [partition, offset] of from) consumer.seek({ topic, partition, offset: String(offset) });
    });
    await done;
  } finally {
    await consumer.disconnect();
  }
  return entries;
}

/** The hub's rows for `personKeys` and what its group applied of `eventIds`, read from its database. */
export async function readHub(
  databaseUrl: string,
  groupId: string,
  personKeys: readonly string[],
  eventIds: readonly string[],
): Promise<{ rows: HubRow[]; applied: HubApplied[] }> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ record_id: string; person_key: string | null; revision: number }[]>`
      select record_id, person_key, revision from hub_records where person_key = any(${[...personKeys]})`;
    const applied = await sql<{ event_id: string; partition: number; offset: string; at: string }[]>`
      select event_id, partition, "offset"::text as offset, (extract(epoch from applied_at) * 1000)::text as at
      from pes_inbox where consumer_group = ${groupId} and event_id = any(${[...eventIds]})`;
    return {
      rows: rows.map((r) => ({ recordId: r.record_id, personKey: r.person_key, revision: r.revision })),
      applied: applied.map((a) => ({
        eventId: a.event_id,
        partition: a.partition,
        offset: BigInt(a.offset),
        appliedAt: Number(a.at),
      })),
    };
  } finally {
    await sql.end();
  }
}
