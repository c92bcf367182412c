import { randomUUID } from "node:crypto";
import { DomainError } from "@pes/core";
import { type GigPlacement, gigPlacement } from "@pes/schemas";
import { openPersonRef } from "@pes/sync";
import { and, eq, inArray, sql } from "drizzle-orm";
import { placements, type StoredPlacement } from "../../db/tables/placements.js";
import { postings } from "../../db/tables/postings.js";
import type { ExpectedPay } from "../../db/tables/workers.js";
import type { UseCaseContext } from "../context.js";
import { changePostingStatus, findPosting } from "../postings/store.js";
import { findWorker } from "../workers/store.js";

export type PlacementRow = typeof placements.$inferSelect;

export interface PlacementInput {
  postingId: string;
  workerId: string;
  /** Default: the posting's. */
  workFrom?: string | undefined;
  workUntil?: string | undefined;
  pay?: ExpectedPay | undefined;
}

export interface Completion {
  completedOn: string;
  payDueFen: number;
  payReceivedFen: number;
}

/** What a placement's change runs with. */
type PlacementContext = Pick<UseCaseContext, "db" | "market" | "cipher" | "publisher">;

const LIVE = ["placed", "completed"] as const;

const conflict = (type: string, detail: string) => new DomainError("conflict", type, detail);

/**
 * Places an active worker in an open posting (介绍就业) and publishes it, in one transaction. The
 * posting row is locked so two placements cannot both take its last place; the one that fills it
 * marks the posting filled.
 */
export async function placeWorker(ctx: PlacementContext, input: PlacementInput): Promise<PlacementRow> {
  const { market, cipher } = ctx;
  return ctx.db.transaction(async (tx) => {
    const posting = await findPosting({ ...ctx, db: tx }, { id: input.postingId, lock: true });
    if (posting.status !== "open")
      throw conflict(
        "posting-not-open",
        `The posting is ${posting.status}; only an open posting takes workers`,
      );
    const worker = await findWorker({ ...ctx, db: tx }, { id: input.workerId });
    if (worker.status !== "active" || !worker.idNumberEnc || !worker.nameEnc || !worker.personKey)
      throw conflict("worker-withdrawn", "The worker withdrew their consent and cannot be placed");
    const [{ taken } = { taken: 0 }] = await tx
      .select({ taken: sql<number>`count(*)::int` })
      .from(placements)
      .where(and(eq(placements.postingId, posting.id), inArray(placements.status, [...LIVE])));
    const p = posting.record;
    const now = new Date().toISOString();
    const record = gigPlacement.schema.parse({
      id: randomUUID(),
      revision: 1,
      cityCode: market.cityCode,
      ...(p.districtCode ? { districtCode: p.districtCode } : {}),
      recordedAt: now,
      person: openPersonRef(cipher, {
        personKey: worker.personKey,
        idNumberEnc: worker.idNumberEnc,
        nameEnc: worker.nameEnc,
      }),
      marketId: market.id,
      postingId: posting.id,
      status: "placed",
      placedAt: now,
      workFrom: input.workFrom ?? p.workFrom,
      ...((input.workUntil ?? p.workUntil) ? { workUntil: input.workUntil ?? p.workUntil } : {}),
      pay: input.pay ?? p.pay,
    });
    const { person, ...stored } = record;
    const [row] = await tx
      .insert(placements)
      .values({
        id: record.id,
        marketId: market.id,
        postingId: posting.id,
        workerId: worker.id,
        revision: 1,
        status: "placed",
        personKey: person.key,
        idNumberEnc: worker.idNumberEnc,
        nameEnc: worker.nameEnc,
        record: stored,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict("already-placed", "The worker is already placed in this posting");
    await ctx.publisher.placement(tx, record);
    if (taken + 1 >= p.headcount)
      await changePostingStatus({ ...ctx, db: tx }, { id: posting.id, status: "filled" });
    return row;
  });
}

/** The market's placement, or 404 for one that is unknown or another market's. */
export async function findPlacement(
  { db, market }: Pick<UseCaseContext, "db" | "market">,
  { id, lock = false }: { id: string; lock?: boolean },
) {
  const query = db
    .select()
    .from(placements)
    .where(and(eq(placements.id, id), eq(placements.marketId, market.id)));
  const [row] = await (lock ? query.for("update") : query);
  if (!row) throw new DomainError("not_found", "placement-not-found", `No placement ${id}`);
  return row;
}

/** Writes the next revision of a placement and publishes it; `change` gives the new record fields. */
async function revise(
  { db: tx, cipher, publisher }: PlacementContext,
  row: PlacementRow,
  change: Partial<StoredPlacement>,
  columns: Partial<Pick<PlacementRow, "arrearsFen" | "cancelReason">>,
): Promise<PlacementRow> {
  const record: GigPlacement = gigPlacement.schema.parse({
    ...row.record,
    ...change,
    revision: row.revision + 1,
    recordedAt: new Date().toISOString(),
    person: openPersonRef(cipher, row),
  });
  const { person: _person, ...stored } = record;
  const [changed] = await tx
    .update(placements)
    .set({
      ...columns,
      status: record.status,
      revision: record.revision,
      record: stored,
      updatedAt: sql`now()`,
    })
    .where(eq(placements.id, row.id))
    .returning();
  await publisher.placement(tx, record);
  return changed!;
}

/**
 * The work is done: records the pay due and the pay actually received, so wage arrears (欠薪) show.
 * Completing again with the same figures changes nothing; other figures are a conflict.
 */
export async function completePlacement(
  ctx: PlacementContext,
  { id, ...done }: Completion & { id: string },
): Promise<PlacementRow> {
  return ctx.db.transaction(async (tx) => {
    const row = await findPlacement({ ...ctx, db: tx }, { id, lock: true });
    const r = row.record;
    if (row.status === "completed") {
      const same =
        r.completedOn === done.completedOn &&
        r.payDueFen === done.payDueFen &&
        r.payReceivedFen === done.payReceivedFen;
      if (same) return row;
      throw conflict("placement-completed", "The placement is already completed with other figures");
    }
    if (row.status === "cancelled")
      throw conflict("placement-cancelled", "The placement was cancelled and cannot be completed");
    if (done.completedOn < r.workFrom)
      throw new DomainError("invalid", "completed-before-start", "completedOn is before the work started", {
        errors: [{ path: "completedOn", in: "body", message: `is before workFrom ${r.workFrom}` }],
      });
    return revise(
      { ...ctx, db: tx },
      row,
      { status: "completed", ...done },
      {
        arrearsFen: Math.max(0, done.payDueFen - done.payReceivedFen),
      },
    );
  });
}

/** Cancels a placement that is not completed; a filled posting opens again for another worker. */
export async function cancelPlacement(
  ctx: PlacementContext,
  { id, reason }: { id: string; reason: string },
): Promise<PlacementRow> {
  return ctx.db.transaction(async (tx) => {
    const inTx = { ...ctx, db: tx };
    const row = await findPlacement(inTx, { id, lock: true });
    if (row.status === "cancelled") return row;
    if (row.status === "completed")
      throw conflict("placement-completed", "A completed placement cannot be cancelled");
    const changed = await revise(inTx, row, { status: "cancelled" }, { cancelReason: reason });
    const [posting] = await tx
      .select({ status: postings.status })
      .from(postings)
      .where(eq(postings.id, row.postingId));
    if (posting?.status === "filled") await changePostingStatus(inTx, { id: row.postingId, status: "open" });
    return changed;
  });
}

/** Records on the placement the voucher redeemed for it, as its next revision; once only. */
export async function attachVoucher(
  ctx: PlacementContext,
  { id, voucherId }: { id: string; voucherId: string },
): Promise<PlacementRow> {
  const row = await findPlacement(ctx, { id, lock: true });
  if (row.record.voucherId === voucherId) return row;
  return revise(ctx, row, { voucherId }, {});
}
