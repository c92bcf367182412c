import { randomUUID } from "node:crypto";
import { DomainError } from "@pes/core";
import { gigRating } from "@pes/schemas";
import { openPersonRef } from "@pes/sync";
import { asc, eq } from "drizzle-orm";
import { type Rater, ratings } from "../../db/tables/placements.js";
import type { UseCaseContext } from "../context.js";
import { findPlacement } from "./store.js";

export type RatingRow = typeof ratings.$inferSelect;

export interface RatingInput {
  by: Rater;
  score: number;
  comment?: string | undefined;
}

/**
 * Rates a completed placement (好差评) and publishes it: the worker rates the market's service, the
 * employer rates the work. Each side rates once; a rating cannot be changed.
 */
export async function ratePlacement(
  ctx: Pick<UseCaseContext, "db" | "market" | "cipher" | "publisher">,
  { placementId, ...input }: RatingInput & { placementId: string },
): Promise<RatingRow> {
  const { cipher } = ctx;
  const marketId = ctx.market.id;
  return ctx.db.transaction(async (tx) => {
    const placement = await findPlacement({ ...ctx, db: tx }, { id: placementId, lock: true });
    if (placement.status !== "completed")
      throw new DomainError("conflict", "placement-not-completed", "Only a completed placement can be rated");
    const ratedAt = new Date();
    const [row] = await tx
      .insert(ratings)
      .values({ id: randomUUID(), marketId, placementId, ...input, comment: input.comment ?? null, ratedAt })
      .onConflictDoNothing()
      .returning();
    if (!row)
      throw new DomainError("conflict", "already-rated", `The ${input.by} has already rated this placement`);
    const p = placement.record;
    await ctx.publisher.rating(
      tx,
      gigRating.schema.parse({
        id: row.id,
        revision: 1,
        cityCode: p.cityCode,
        ...(p.districtCode ? { districtCode: p.districtCode } : {}),
        recordedAt: ratedAt.toISOString(),
        person: openPersonRef(cipher, placement),
        marketId,
        placementId,
        by: input.by,
        score: input.score,
        ...(input.comment ? { comment: input.comment } : {}),
        ratedAt: ratedAt.toISOString(),
      }),
    );
    return row;
  });
}

export async function ratingsOf(
  { db }: Pick<UseCaseContext, "db">,
  { placementId }: { placementId: string },
): Promise<RatingRow[]> {
  return db
    .select()
    .from(ratings)
    .where(eq(ratings.placementId, placementId))
    .orderBy(asc(ratings.createdAt));
}
