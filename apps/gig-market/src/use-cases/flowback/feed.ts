import { and, asc, eq, gt } from "drizzle-orm";
import { type FlowbackKind, flowbackItems } from "../../db/tables/flowback.js";
import type { UseCaseContext } from "../context.js";
import type { FlowbackItemRow } from "./store.js";

/** The feed's cursor: the sequence number of the last item the caller has, opaque to it. */
export const encodeFeedCursor = (sequence: number) =>
  Buffer.from(JSON.stringify(["fb", sequence])).toString("base64url");

export function decodeFeedCursor(text: string): number | undefined {
  try {
    const [tag, sequence] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown[];
    return tag === "fb" && Number.isSafeInteger(sequence) && (sequence as number) >= 0
      ? (sequence as number)
      : undefined;
  } catch {
    return undefined;
  }
}

/** What an integrator sees of an item (and what a webhook delivery carries as `data`): masked only. */
export function presentItem(row: FlowbackItemRow) {
  return {
    id: row.id,
    sequence: row.sequence,
    kind: row.kind,
    recordId: row.recordId,
    revision: row.revision,
    person: row.payload.person,
    workNeeded: row.payload.workNeeded,
    voucher: row.payload.voucher,
    receivedAt: row.receivedAt.toISOString(),
  };
}
export type ItemView = ReturnType<typeof presentItem>;

/**
 * The market's items after the cursor, oldest first. The next cursor is the last item's (or the one
 * given, on an empty page), so a caller at the end keeps it and later gets only what came since.
 */
export async function readFeed(
  { db, market }: Pick<UseCaseContext, "db" | "market">,
  opts: { cursor?: string | undefined; limit: number; kind?: FlowbackKind | undefined },
) {
  const marketId = market.id;
  const after = opts.cursor === undefined ? 0 : (decodeFeedCursor(opts.cursor) ?? 0);
  const rows = await db
    .select()
    .from(flowbackItems)
    .where(
      and(
        eq(flowbackItems.marketId, marketId),
        opts.kind ? eq(flowbackItems.kind, opts.kind) : undefined,
        gt(flowbackItems.sequence, after),
      ),
    )
    .orderBy(asc(flowbackItems.sequence))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1)?.sequence ?? after;
  return {
    items: page.map(presentItem),
    nextCursor: encodeFeedCursor(last),
    hasMore: rows.length > opts.limit,
  };
}
