import type { Database } from "@pes/sync/db";
import { eq, sql } from "drizzle-orm";
import { nodeInfo } from "./schema.js";

export type NodeInfo = typeof nodeInfo.$inferSelect;

/**
 * Claims the database for `cityCode` (first start) or records another start by the same city.
 * Throws when the database already belongs to another city.
 */
export async function claimNode(db: Database, cityCode: string): Promise<NodeInfo> {
  const [claimed] = await db
    .insert(nodeInfo)
    .values({ cityCode })
    .onConflictDoUpdate({
      target: nodeInfo.id,
      set: { lastStartedAt: sql`now()` },
      setWhere: eq(nodeInfo.cityCode, cityCode),
    })
    .returning();
  if (claimed) return claimed;
  const [owner] = await db.select({ cityCode: nodeInfo.cityCode }).from(nodeInfo);
  throw new Error(
    `this database belongs to the city node of ${owner?.cityCode ?? "another city"}, but CITY_CODE is ${cityCode}`,
  );
}

export async function readNodeInfo(db: Database): Promise<NodeInfo | undefined> {
  const [row] = await db.select().from(nodeInfo);
  return row;
}
