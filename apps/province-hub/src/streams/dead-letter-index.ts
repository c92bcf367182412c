import { columnsOf, type DeadLetterReason, type Publication, rowsOf, type Trust } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { and, count, desc, eq, sql } from "drizzle-orm";
import type { KafkaMessage } from "kafkajs";
import { deadLetterIndex as dl } from "../db/tables/monitoring.js";
import { deferEvidence, rejectedFact, sendWithEvidence } from "../use-cases/evidence/log.js";
import { rejectionNoticeOf } from "../use-cases/flowback/rejections.js";
import { type DeadLetterEntry, type DeadLetterReader, entryOf } from "./dead-letters.js";

/** Header text as PostgreSQL stores it: no NUL (text cannot hold one), and a bounded length. */
const clean = (text: string | null | undefined) =>
  text == null ? null : text.replaceAll("\u0000", "").slice(0, 1_000);

/** What the index reads dead letters with, and tells cities with: the hub's trust. */
export type IndexTrust = DeadLetterReader & Pick<Trust, "verifier" | "sealer">;

/** Which consumer groups' dead letters the index does more with than keep them. */
export interface IndexGroups {
  /** Whose refusals enter the evidence log as rejected: the hub's ingest's and receipts consumer's. */
  evidence?: readonly string[];
  /**
   * Whose refusals of a city's record are told to that city, as a record-rejection-notice on its
   * flow-back (use-cases/flowback/rejections.ts: only after the city's signature verified): the ingest's.
   */
  notices?: readonly string[];
}

/**
 * Indexes one partition's dead letters in a single statement. A dead letter already indexed (a batch
 * read again after a restart) is left as it is, so indexing the same records twice changes nothing.
 * `trust` (the hub's) opens a value sealed for the hub to summarise its shape, and verifies and seals
 * what a city is told.
 */
export async function indexDeadLetters(
  db: Database,
  trust: IndexTrust,
  topic: string,
  partition: number,
  messages: readonly KafkaMessage[],
  groups: IndexGroups = {},
): Promise<void> {
  if (messages.length === 0) return;
  const entries = messages.map((m) => entryOf(trust, partition, m));
  const evidenceGroups = groups.evidence ?? [];
  const noticeGroups = groups.notices ?? [];
  // The notices are made before the insert, to keep their ids with the letters; only those of the
  // letters indexed for the first time are sent.
  const notices = messages.map((m, i) => {
    const entry = entries[i]!;
    if (!noticeGroups.includes(entry.group)) return undefined;
    const letter = { topic, partition, offset: m.offset, headers: m.headers, value: m.value, view: entry };
    return rejectionNoticeOf(trust, letter);
  });
  const withNotices = entries.map((e, i) => ({ ...e, noticeId: notices[i]?.publication.id ?? null }));
  const col = columnsOf(withNotices);
  const text = (value: (e: (typeof withNotices)[number]) => string | null | undefined) =>
    col((e) => clean(value(e)));
  // The letters indexed for the first time, those the hub refused entered in the evidence log and,
  // of those, the city's records refused after its signature verified told to that city, all in the
  // same transaction: a letter read again is neither indexed, nor entered, nor told twice.
  await db.transaction(async (tx) => {
    const fresh = rowsOf<{ offset: string }>(
      await tx.execute(sql`insert into ${dl} (dead_letter_topic, "partition", "offset", reason, detail, field_path,
      "schema", origin_topic, origin_partition, origin_offset, "group", "at", event_id, "type", "source",
      city_code, summary, code, notice_id)
    select ${topic}, ${partition}, o::bigint, r, d, fp, s, ot, op, oo, g, a::timestamptz, ei, ty, so, cc, su, co, ni
    from unnest(${col((e) => e.offset)}::text[], ${text((e) => e.reason)}::text[], ${text((e) => e.detail)}::text[],
      ${text((e) => e.fieldPath)}::text[], ${text((e) => e.schema)}::text[], ${text((e) => e.originTopic)}::text[],
      ${col((e) => e.originPartition)}::int[], ${text((e) => e.originOffset)}::text[], ${text((e) => e.group)}::text[],
      ${col((e) => e.at)}::text[], ${text((e) => e.eventId)}::text[], ${text((e) => e.type)}::text[],
      ${text((e) => e.source)}::text[], ${text((e) => e.cityCode)}::text[], ${text((e) => e.summary)}::text[],
      ${text((e) => e.code)}::text[], ${text((e) => e.noticeId)}::text[])
      as x(o, r, d, fp, s, ot, op, oo, g, a, ei, ty, so, cc, su, co, ni)
    on conflict do nothing returning "offset"::text as "offset"`),
    );
    if (fresh.length === 0) return;
    const indexed = new Set(fresh.map((r) => r.offset));
    const refused = messages.flatMap((m, i) => {
      const entry = entries[i]!;
      if (!indexed.has(m.offset) || !entry.group || !evidenceGroups.includes(entry.group)) return [];
      return [rejectedFact({ headers: m.headers, value: m.value, reason: entry.reason, at: entry.at })];
    });
    const told: Publication[] = messages.flatMap((m, i) =>
      indexed.has(m.offset) && notices[i] ? [notices[i].publication] : [],
    );
    // The refusals first, then what was sent about them, in one append at the end.
    await deferEvidence(
      tx,
      () => sendWithEvidence(tx, told, trust.sealer),
      () => refused,
    );
  });
}

export interface DeadLetterFilter {
  reason?: string | undefined;
  originTopic?: string | undefined;
  city?: string | undefined;
  /** The consumer group that refused it: one platform's letters on a broker several share. */
  group?: string | undefined;
}

/** One page of the dead letters indexed from `topic` that match the filter, newest first, and how many match. */
export async function browseDeadLetters(
  db: Database,
  topic: string,
  filter: DeadLetterFilter,
  { page, pageSize }: { page: number; pageSize: number },
): Promise<{ total: number; items: IndexedDeadLetter[] }> {
  const where = and(
    eq(dl.deadLetterTopic, topic),
    filter.reason === undefined ? undefined : eq(dl.reason, filter.reason),
    filter.originTopic === undefined ? undefined : eq(dl.originTopic, filter.originTopic),
    filter.city === undefined ? undefined : eq(dl.cityCode, filter.city),
    filter.group === undefined ? undefined : eq(dl.group, filter.group),
  );
  // One snapshot for the page and its total, while the indexer goes on adding rows: a page never
  // says 5 and lists 4.
  const [rows, [counted]] = await db.transaction(
    async (tx) =>
      [
        await tx
          .select()
          .from(dl)
          .where(where)
          .orderBy(desc(dl.at), desc(dl.partition), desc(dl.offset))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        await tx.select({ total: count() }).from(dl).where(where),
      ] as const,
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  return { total: counted?.total ?? 0, items: rows.map(entryOfRow) };
}

/** A dead letter as the index holds it: the rule that refused it, and the notice its city was sent. */
export type IndexedDeadLetter = Omit<DeadLetterEntry, "code"> & {
  code: string | null;
  noticeId: string | null;
};

function entryOfRow(row: typeof dl.$inferSelect): IndexedDeadLetter {
  const { deadLetterTopic: _, fieldPath, schema, reason, at, offset, ...rest } = row;
  return {
    ...rest,
    reason: reason as DeadLetterReason,
    ...(fieldPath ? { fieldPath } : {}),
    ...(schema ? { schema } : {}),
    at: at.toISOString(),
    offset: offset.toString(),
  };
}

/** The last offset indexed on each of `partitions` of `topic`, or null where none is. */
export async function indexedEnds(
  db: Database,
  topic: string,
  partitions: readonly number[],
): Promise<Map<number, bigint | null>> {
  // One backward step down the primary key per partition, however many rows there are.
  const rows = rowsOf<{ partition: number; last: string | null }>(
    await db.execute(sql`select x.p as "partition",
        (select max(d."offset") from ${dl} d where d.dead_letter_topic = ${topic} and d."partition" = x.p)::text as "last"
      from unnest(${sql.param([...partitions])}::int[]) as x(p)`),
  );
  return new Map(rows.map((r) => [Number(r.partition), r.last === null ? null : BigInt(r.last)]));
}

export interface PartitionEnds {
  partition: number;
  /** The oldest offset the topic still holds (retention deletes below it) and the next one it will write. */
  low: string;
  high: string;
}

/** The first offset of a partition that the index has still to read. */
function nextToIndex(last: bigint | null, low: string): bigint {
  return last === null || last + 1n < BigInt(low) ? BigInt(low) : last + 1n;
}

/** How many dead letters the topic holds (its `ends` as just read) that the index has not reached yet. */
export async function notYetIndexed(db: Database, topic: string, ends: readonly PartitionEnds[]) {
  const indexed = await indexedEnds(
    db,
    topic,
    ends.map((e) => e.partition),
  );
  let behind = 0n;
  for (const { partition, low, high } of ends) {
    const next = nextToIndex(indexed.get(partition) ?? null, low);
    if (BigInt(high) > next) behind += BigInt(high) - next;
  }
  return Number(behind);
}

/**
 * Keeps the index to what `topic` holds: drops the rows retention has deleted from the topic, and a
 * partition's rows entirely when they reach past its end (the topic was deleted and created again, and
 * its offsets start anew). Returns, per partition, the offset the index goes on from.
 */
export async function alignIndex(
  db: Database,
  topic: string,
  topicEnds: () => Promise<PartitionEnds[]>,
): Promise<Array<{ partition: number; offset: string }>> {
  const partitions = (await topicEnds()).map((e) => e.partition);
  // The index first, the topic's ends after: every row read was then below its partition's end, even
  // while a consumer goes on indexing, unless the topic is a new one.
  const indexed = await indexedEnds(db, topic, partitions);
  const starts: Array<{ partition: number; offset: string }> = [];
  for (const { partition, low, high } of await topicEnds()) {
    let last = indexed.get(partition) ?? null;
    const mine = and(eq(dl.deadLetterTopic, topic), eq(dl.partition, partition));
    if (last !== null && last >= BigInt(high)) {
      await db.delete(dl).where(mine);
      last = null;
    }
    await db.delete(dl).where(and(mine, sql`${dl.offset} < ${low}::bigint`));
    starts.push({ partition, offset: nextToIndex(last, low).toString() });
  }
  return starts;
}
