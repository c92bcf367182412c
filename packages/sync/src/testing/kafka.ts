import type { Admin } from "kafkajs";

/** The broker the tests use: KAFKA_BROKERS, or the local one infra/kafka/kafka.sh starts. */
export const TEST_BROKERS = (process.env.KAFKA_BROKERS ?? "127.0.0.1:19092").split(",");

/**
 * Starts a new consumer group at the current end of every topic matching `patterns`, so a test's
 * service reads only what the test produces, not what earlier runs left on a long-lived broker
 * (records without a person key, such as vacancies, cannot be told apart by a per-run secret).
 */
export async function startGroupAtEnd(
  admin: Admin,
  groupId: string,
  patterns: ReadonlyArray<RegExp | string>,
): Promise<void> {
  const matches = (t: string) => patterns.some((p) => (typeof p === "string" ? p === t : p.test(t)));
  for (const topic of (await admin.listTopics()).filter(matches)) {
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({
      groupId,
      topic,
      partitions: ends.map((e) => ({ partition: e.partition, offset: e.high })),
    });
  }
}
