import type { Database } from "@pes/sync/db";
import { and, desc, eq, gte, isNull, lte, notExists, or, type SQL, sql } from "drizzle-orm";
import { placements } from "../../db/tables/placements.js";
import { postings } from "../../db/tables/postings.js";
import { workers } from "../../db/tables/workers.js";
import { type Match, type MatchPosting, matchOf, rankMatches } from "../../domain/matching.js";
import type { UseCaseContext } from "../context.js";
import type { PostingRow } from "../postings/store.js";
import type { WorkerRow } from "../workers/store.js";
import { scoreSql } from "./score-sql.js";

/**
 * Candidates scored per request, newest first: only those available on the work dates (and not
 * already placed there), and at most this many.
 */
export const CANDIDATE_CAP = 5_000;

export interface Ranked<T> {
  candidate: T;
  match: Match;
}

const postingFacts = (row: PostingRow): MatchPosting => ({
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

/** The market's active workers available on the work dates and not already placed there. */
function availableFor(db: Database, posting: PostingRow, facts: MatchPosting): SQL | undefined {
  return and(
    eq(workers.marketId, posting.marketId),
    eq(workers.status, "active"),
    or(isNull(workers.availableFrom), lte(workers.availableFrom, facts.workUntil ?? facts.workFrom)),
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
  );
}

/**
 * The market's active workers who best fit a posting, with the reasons. The database scores the
 * candidates (scoreSql) and returns the best `limit`; Node explains just those with matchOf. Should
 * the two ever disagree on a score, the request is ranked the old way, wholly in JS, and a warning
 * logged: a right answer late beats a wrong one fast.
 */
export async function workersForPosting(
  { db, logger }: Pick<UseCaseContext, "db" | "logger">,
  { posting, limit, minScore }: { posting: PostingRow; limit: number; minScore: number },
): Promise<Ranked<CandidateWorker>[]> {
  const facts = postingFacts(posting);
  // The cap bounds the database's work as it bounded Node's, and keeps the same candidates.
  const candidates = db
    .select({ ...scored, createdAt: workers.createdAt, score: scoreSql(facts).as("score") })
    .from(workers)
    .where(availableFor(db, posting, facts))
    .orderBy(desc(workers.createdAt), desc(workers.id))
    .limit(CANDIDATE_CAP)
    .as("candidates");
  const best = await db
    .select()
    .from(candidates)
    .where(gte(candidates.score, minScore))
    .orderBy(desc(candidates.score), desc(candidates.createdAt), desc(candidates.id))
    .limit(limit);
  const ranked = best.map(({ score, createdAt: _, ...candidate }) => ({
    candidate,
    match: matchOf(facts, candidate),
    score,
  }));
  const disagree = ranked.filter((r) => r.match?.score !== r.score);
  if (disagree.length === 0) return ranked.map(({ candidate, match }) => ({ candidate, match: match! }));
  // Ids and scores only: no worker's data in the log.
  logger?.warn("matching: database and matchOf scores differ; ranking this request in JS", {
    postingId: posting.id,
    differing: disagree.length,
    scores: disagree.map((r) => ({ sql: r.score, js: r.match?.score ?? null })),
  });
  const rows = await db
    .select(scored)
    .from(workers)
    .where(availableFor(db, posting, facts))
    .orderBy(desc(workers.createdAt), desc(workers.id))
    .limit(CANDIDATE_CAP);
  return rankMatches(rows, (w) => matchOf(facts, w), limit, minScore);
}

/**
 * The market's open postings that best fit a worker, with the reasons. Still scored in JS: a market has
 * tens to hundreds of open postings (closed once filled), not thousands of workers, and one worker's
 * request reads each posting once; the SQL ranking pays off for the many rows of workersForPosting.
 */
export async function postingsForWorker(
  { db }: Pick<UseCaseContext, "db">,
  { worker, limit, minScore }: { worker: WorkerRow; limit: number; minScore: number },
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
