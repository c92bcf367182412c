import type { Admin, Kafka } from "kafkajs";

const matcher = (patterns: ReadonlyArray<RegExp | string>) => (t: string) =>
  patterns.some((p) => (typeof p === "string" ? p === t : p.test(t)));

/**
 * A topic's ends. A topic created a moment ago may have no leader yet (NOT_LEADER_OR_FOLLOWER, a
 * retriable error): asked again until it has one, for up to 30 s.
 */
async function endsOf(admin: Admin, topic: string) {
  const deadline = Date.now() + 30_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (e) {
      if (!(e as { retriable?: boolean }).retriable || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, Math.min(100 * attempt, 1_000)));
    }
  }
}

/**
 * Commits the current end of every topic matching `patterns` for `groupId`, so the group reads only
 * what comes after. One member joins once for all topics and commits their ends: admin.setOffsets
 * joins the group anew for each topic (~5 s each). The group must have no running member.
 */
export async function setGroupAtEnd(
  kafka: Kafka,
  admin: Admin,
  groupId: string,
  patterns: ReadonlyArray<RegExp | string>,
): Promise<void> {
  const names = (await admin.listTopics()).filter(matcher(patterns));
  if (names.length === 0) return;
  const ends = await Promise.all(names.map(async (topic) => ({ topic, ends: await endsOf(admin, topic) })));
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000 });
  await consumer.connect();
  try {
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.subscribe({ topics: names, fromBeginning: false });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => {} });
    await joined;
    await consumer.commitOffsets(
      ends.flatMap(({ topic, ends }) => ends.map((e) => ({ topic, partition: e.partition, offset: e.high }))),
    );
  } finally {
    await consumer.disconnect();
  }
}

/**
 * For a group that has never committed (a new hub's): starts it at the end of the matching topics;
 * a group with offsets resumes where it was. Returns whether it moved the group.
 */
export async function startNewGroupAtEnd(
  kafka: Kafka,
  admin: Admin,
  groupId: string,
  patterns: ReadonlyArray<RegExp | string>,
): Promise<boolean> {
  const names = (await admin.listTopics()).filter(matcher(patterns));
  const committed = await admin.fetchOffsets({ groupId, topics: names });
  if (committed.some((t) => t.partitions.some((p) => Number(p.offset) >= 0))) return false;
  await setGroupAtEnd(kafka, admin, groupId, names);
  return true;
}
