import type { Admin, Kafka } from "kafkajs";

const matcher = (patterns: ReadonlyArray<RegExp | string>) => (t: string) =>
  patterns.some((p) => (typeof p === "string" ? p === t : p.test(t)));

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
  const ends = await Promise.all(
    names.map(async (topic) => ({ topic, ends: await admin.fetchTopicOffsets(topic) })),
  );
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
