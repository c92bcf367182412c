import { freePort, spawnTsx, type TestProcess } from "@pes/http/testing";
import { INGEST_TOPICS } from "@pes/province-hub/testing";
import type { createKafka } from "@pes/sync";
import { appDir } from "./apps.js";

const hubDir = appDir("province-hub");
type Admin = ReturnType<ReturnType<typeof createKafka>["admin"]>;

/** Where a consumer group stands on the hub's topics: what a second group copies to start at the same place. */
export type GroupStart = Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>;

export async function groupStart(admin: Admin, groupId: string): Promise<GroupStart> {
  const topics = (await admin.listTopics()).filter((t) => INGEST_TOPICS.some((p) => p.test(t)));
  return (await admin.fetchOffsets({ groupId, topics })).map((t) => ({
    topic: t.topic,
    partitions: t.partitions.map((p) => ({ partition: p.partition, offset: p.offset })),
  }));
}

/** A new group that starts where `start` says (a rebuild of the same stretch of the log). */
export async function startGroupAt(admin: Admin, groupId: string, start: GroupStart): Promise<void> {
  for (const { topic, partitions } of start) {
    const set = partitions.filter((p) => Number(p.offset) >= 0);
    if (set.length) await admin.setOffsets({ groupId, topic, partitions: set });
  }
}

export interface HubGroup {
  processes: TestProcess[];
  /** The first process's HTTP address. */
  base: string;
  stop(): Promise<void>;
}

/**
 * `count` hub processes in one consumer group on one database, each its own process as deployed.
 * The first migrates the database; the others join once it listens (processes started together
 * would race each other's migrations).
 */
export async function hubGroup(env: Record<string, string>, count: number): Promise<HubGroup> {
  const processes: TestProcess[] = [];
  const ports: number[] = [];
  const stop = async () => {
    await Promise.all(
      processes.map(async (p) => {
        if (p.exit) return;
        p.signal("SIGTERM");
        await p.waitForExit("a hub stopping", 30_000).catch(() => p.kill());
      }),
    );
  };
  try {
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      const proc = spawnTsx(hubDir, "src/main.ts", { ...env, PORT: String(port) });
      processes.push(proc);
      ports.push(port);
      await proc.waitUntil(
        () => proc.output.includes('"msg":"listening"'),
        `hub ${i + 1} of ${count} listening`,
        180_000,
      );
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { processes, base: `http://127.0.0.1:${ports[0]}`, stop };
}
