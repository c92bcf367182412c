import { randomUUID } from "node:crypto";
import { DomainError, districtOf } from "@pes/core";
import { type GigPosting, gigPosting } from "@pes/schemas";
import { and, eq, sql } from "drizzle-orm";
import { type PostingStatus, postings } from "../../db/tables/postings.js";
import { outsideCityProblem } from "../../domain/area.js";
import { statusChangeProblem } from "../../domain/postings.js";
import type { UseCaseContext } from "../context.js";

export type PostingRow = typeof postings.$inferSelect;

/** What the market says about a posting; the service adds the ids, area, status and times. */
export type PostingInput = Omit<
  GigPosting,
  "id" | "revision" | "cityCode" | "districtCode" | "recordedAt" | "marketId" | "status" | "postedAt"
>;

/** Adds an open posting at revision 1 and publishes it, in one transaction. */
export async function createPosting(
  ctx: Pick<UseCaseContext, "db" | "market" | "cipher" | "publisher">,
  input: PostingInput,
): Promise<PostingRow> {
  const { db, market, cipher } = ctx;
  const problem = outsideCityProblem(input.locationCode, market.cityCode);
  if (problem)
    throw new DomainError("invalid", "outside-market-city", `locationCode ${input.locationCode} ${problem}`, {
      errors: [{ path: "locationCode", in: "body", message: problem }],
    });
  const now = new Date().toISOString();
  const district = districtOf(input.locationCode);
  const record = gigPosting.schema.parse({
    ...input,
    id: randomUUID(),
    revision: 1,
    cityCode: market.cityCode,
    ...(district ? { districtCode: district } : {}),
    recordedAt: now,
    marketId: market.id,
    status: "open",
    postedAt: now,
  });
  return db.transaction(async (tx) => {
    const { contactPhone, ...stored } = record;
    const [row] = await tx
      .insert(postings)
      .values({
        id: record.id,
        marketId: market.id,
        revision: 1,
        status: "open",
        record: stored,
        contactPhoneEnc: contactPhone ? cipher.encrypt(contactPhone) : null,
      })
      .returning();
    await ctx.publisher.posting(tx, record);
    return row!;
  });
}

/** The market's posting, or 404 for one that is unknown or another market's (never revealing it exists). */
export async function findPosting(
  { db, market }: Pick<UseCaseContext, "db" | "market">,
  { id, lock = false }: { id: string; lock?: boolean },
) {
  const query = db
    .select()
    .from(postings)
    .where(and(eq(postings.id, id), eq(postings.marketId, market.id)));
  const [row] = await (lock ? query.for("update") : query);
  if (!row) throw new DomainError("not_found", "posting-not-found", `No posting ${id}`);
  return row;
}

/** Moves a posting to `status` as the next revision and publishes it; the same status changes nothing. */
export async function changePostingStatus(
  ctx: Pick<UseCaseContext, "db" | "market" | "cipher" | "publisher">,
  { id, status }: { id: string; status: PostingStatus },
): Promise<PostingRow> {
  const { cipher } = ctx;
  return ctx.db.transaction(async (tx) => {
    const row = await findPosting({ ...ctx, db: tx }, { id, lock: true });
    if (row.status === status) return row;
    const problem = statusChangeProblem(row.status, status);
    if (problem) throw new DomainError("conflict", "posting-status-change", problem);
    const stored = {
      ...row.record,
      status,
      revision: row.revision + 1,
      recordedAt: new Date().toISOString(),
    };
    const [changed] = await tx
      .update(postings)
      .set({ status, revision: stored.revision, record: stored, updatedAt: sql`now()` })
      .where(eq(postings.id, id))
      .returning();
    const contactPhone = row.contactPhoneEnc ? cipher.decrypt(row.contactPhoneEnc) : undefined;
    await ctx.publisher.posting(tx, { ...stored, ...(contactPhone ? { contactPhone } : {}) });
    return changed!;
  });
}
