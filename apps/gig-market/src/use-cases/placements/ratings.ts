import { randomUUID } from "node:crypto";
import { DomainError } from "@pes/core";
import { gigRating } from "@pes/schemas";
import type { PiiCipher } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { asc, eq } from "drizzle-orm";
import { type Rater, ratings } from "../../db/tables/placements.js";
import { publishRating } from "../../streams/publish.js";
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
  db: Database,
  cipher: PiiCipher,
  marketId: string,
  placementId: string,
  input: RatingInput,
): Promise<RatingRow> {
  return db.transaction(async (tx) => {
    const placement = await findPlacement(tx, marketId, placementId, true);
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
    await publishRating(
      tx,
      gigRating.schema.parse({
        id: row.id,
        revision: 1,
        cityCode: p.cityCode,
        ...(p.districtCode ? { districtCode: p.districtCode } : {}),
        recordedAt: ratedAt.toISOString(),
        person: {
          key: placement.personKey,
          idNumber: cipher.decrypt(placement.idNumberEnc),
          name: cipher.decrypt(placement.nameEnc),
        },
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

export async function ratingsOf(db: Database, placementId: string): Promise<RatingRow[]> {
  return db
    .select()
    .from(ratings)
    .where(eq(ratings.placementId, placementId))
    .orderBy(asc(ratings.createdAt));
}
