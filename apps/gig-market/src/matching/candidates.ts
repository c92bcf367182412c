import type { Database } from "@pes/sync/db";
import { and, desc, eq, gte, isNull, lte, notExists, or, sql } from "drizzle-orm";
import { placements } from "../db/tables/placements.js";
import { postings } from "../db/tables/postings.js";
import { workers } from "../db/tables/workers.js";
import { type Match, matchOf, rankMatches } from "../domain/matching.js";
import type { PostingRow } from "../postings/store.js";
import type { WorkerRow } from "../workers/store.js";

/**
 * Candidates scored per request, newest first. Scoring is cheap; reading is not, so the database
 * keeps only those available on the work dates (and not already placed there) and at most this many.
 */
export const CANDIDATE_CAP = 5_000;

export interface Ranked<T> {
  candidate: T;
  match: Match;
}

const postingFacts = (row: PostingRow) => ({
  occupationCode: row.record.occupationCode,
  locationCode: row.record.locationCode,
  pay: row.record.pay,
  workFrom: row.record.workFrom,
  workUntil: row.record.workUntil,
});

/** What scoring reads of a worker: the encrypted columns are decrypted only for the few shown. */
const scored = {
  id: workers.id,
  nameEnc: workers.nameEnc,
  occupations: workers.occupations,
  preferredPlaces: workers.preferredPlaces,
  expectedPay: workers.expectedPay,
  availableFrom: workers.availableFrom,
  availableUntil: workers.availableUntil,
};
export type CandidateWorker = { [K in keyof typeof scored]: WorkerRow[K] };

/** The market's active workers who best fit a posting, with the reasons. */
export async function workersForPosting(
  db: Database,
  posting: PostingRow,
  limit: number,
  minScore: number,
): Promise<Ranked<CandidateWorker>[]> {
  const facts = postingFacts(posting);
  const until = facts.workUntil ?? facts.workFrom;
  const rows = await db
    .select(scored)
    .from(workers)
    .where(
      and(
        eq(workers.marketId, posting.marketId),
        eq(workers.status, "active"),
        or(isNull(workers.availableFrom), lte(workers.availableFrom, until)),
        or(isNull(workers.availableUntil), gte(workers.availableUntil, facts.workFrom)),
        notExists(
          db
            .select({ one: sql`1` })
            .from(placements)
            .where(
              and(
                eq(placements.postingId, posting.id),
                eq(placements.workerId, workers.id),
                sql`${placements.status} <> 'cancelled'`,
              ),
            ),
        ),
      ),
    )
    .orderBy(desc(workers.createdAt), desc(workers.id))
    .limit(CANDIDATE_CAP);
  return rankMatches(rows, (w) => matchOf(facts, w), limit, minScore);
}

/** The market's open postings that best fit a worker, with the reasons. */
export async function postingsForWorker(
  db: Database,
  worker: WorkerRow,
  limit: number,
  minScore: number,
): Promise<Ranked<PostingRow>[]> {
  const rows = await db
    .select()
    .from(postings)
    .where(
      and(
        eq(postings.marketId, worker.marketId),
        eq(postings.status, "open"),
        notExists(
          db
            .select({ one: sql`1` })
            .from(placements)
            .where(
              and(
                eq(placements.postingId, postings.id),
                eq(placements.workerId, worker.id),
                sql`${placements.status} <> 'cancelled'`,
              ),
            ),
        ),
      ),
    )
    .orderBy(desc(postings.createdAt), desc(postings.id))
    .limit(CANDIDATE_CAP);
  return rankMatches(rows, (p) => matchOf(postingFacts(p), worker), limit, minScore);
}
