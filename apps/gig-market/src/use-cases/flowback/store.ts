import { and, eq, gte } from "drizzle-orm";
import {
  type FlowbackKind,
  type FlowbackPayload,
  flowbackFeeds,
  flowbackItems,
} from "../../db/tables/flowback.js";
import type { UseCaseContext } from "../context.js";
import { enqueueDeliveries } from "../webhooks/store.js";

export type FlowbackItemRow = typeof flowbackItems.$inferSelect;

export interface NewItem {
  marketId: string;
  kind: FlowbackKind;
  recordId: string;
  revision: number;
  payload: FlowbackPayload;
  /** The personal data the notice carried in clear; stored only encrypted. */
  pii: Record<string, unknown> | null;
}

/**
 * Adds a revision of a notice to its market's feed with the next sequence number and queues one
 * webhook delivery per matching subscription, all in the caller's transaction. A revision already
 * in the feed, or older than one that is, is dropped: undefined.
 */
export async function appendItem(
  { db: tx, cipher }: Pick<UseCaseContext, "db" | "cipher">,
  item: NewItem,
): Promise<FlowbackItemRow | undefined> {
  // The feed row is the market's lock: held until commit, it orders the market's items (see the table).
  await tx.insert(flowbackFeeds).values({ marketId: item.marketId, lastSequence: 0 }).onConflictDoNothing();
  const [feed] = await tx
    .select({ last: flowbackFeeds.lastSequence })
    .from(flowbackFeeds)
    .where(eq(flowbackFeeds.marketId, item.marketId))
    .for("update");
  const [known] = await tx
    .select({ revision: flowbackItems.revision })
    .from(flowbackItems)
    .where(
      and(
        eq(flowbackItems.marketId, item.marketId),
        eq(flowbackItems.recordId, item.recordId),
        gte(flowbackItems.revision, item.revision),
      ),
    )
    .limit(1);
  if (known) return undefined;
  const sequence = feed!.last + 1;
  await tx
    .update(flowbackFeeds)
    .set({ lastSequence: sequence })
    .where(eq(flowbackFeeds.marketId, item.marketId));
  const [row] = await tx
    .insert(flowbackItems)
    .values({
      marketId: item.marketId,
      sequence,
      kind: item.kind,
      recordId: item.recordId,
      revision: item.revision,
      payload: item.payload,
      piiEnc: item.pii ? cipher.encrypt(JSON.stringify(item.pii)) : null,
    })
    .returning();
  await enqueueDeliveries(tx, row!);
  return row;
}
