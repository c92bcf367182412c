import type { Admin } from "kafkajs";

export interface PartitionLag {
  topic: string;
  partition: number;
  committed: number;
  high: number;
  lag: number;
}

/** Consumer lag per partition: the log end offset minus the group's committed offset. */
export async function consumerLag(admin: Admin, groupId: string, topics: string[]): Promise<PartitionLag[]> {
  const committed = await admin.fetchOffsets({ groupId, topics });
  const result: PartitionLag[] = [];
  for (const { topic, partitions } of committed) {
    const ends = await admin.fetchTopicOffsets(topic);
    for (const end of ends) {
      const c = partitions.find((p) => p.partition === end.partition);
      const committedOffset = c && Number(c.offset) >= 0 ? Number(c.offset) : Number(end.low);
      const high = Number(end.high);
      result.push({
        topic,
        partition: end.partition,
        committed: committedOffset,
        high,
        lag: Math.max(0, high - committedOffset),
      });
    }
  }
  return result;
}
