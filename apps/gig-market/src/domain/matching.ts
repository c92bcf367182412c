import { countyLevelOf, parentDivisions } from "@pes/core";

/** Expected pay: whole fen per hour, day, piece or month (GigPay of @pes/schemas). */
export interface ExpectedPay {
  amountFen: number;
  per: "hour" | "day" | "piece" | "month";
}

/** What matching reads of a posting. */
export interface MatchPosting {
  occupationCode?: string | undefined;
  locationCode: string;
  pay: ExpectedPay;
  workFrom: string;
  workUntil?: string | undefined;
}

/** What matching reads of a worker. */
export interface MatchWorker {
  occupations: string[];
  preferredPlaces: string[];
  expectedPay: ExpectedPay | null;
  availableFrom: string | null;
  availableUntil: string | null;
}

export type Criterion = "occupation" | "place" | "dates" | "pay";
/** met: fully; partial: in part; open: the worker or the posting left it unsaid; unmet: not at all. */
export type Verdict = "met" | "partial" | "open" | "unmet";

export interface Reason {
  criterion: Criterion;
  verdict: Verdict;
  points: number;
  detail: string;
}

export interface Match {
  score: number;
  reasons: Reason[];
}

/**
 * Points per criterion (100 in all). Occupation weighs most because a wrong trade makes a placement
 * fail; the place comes next because gig work is paid by the day and travel eats it.
 */
export const WEIGHTS: Record<Criterion, number> = { occupation: 40, place: 30, dates: 20, pay: 10 };

/**
 * The share of its weight each case earns. The database ranks with the same table (matching/score-sql.ts),
 * so the two cannot drift apart by a constant.
 */
export const SHARES = {
  occupation: { met: 1, sameTrade: 0.6, open: 0.5, unmet: 0 },
  place: { met: 1, sameDistrict: 0.6, open: 0.5, unmet: 0 },
  dates: { met: 1, partial: 0.5 },
  pay: { met: 1, unmet: 0, otherUnit: 0.5, unsaid: 1 },
} as const;

export const pointsOf = (criterion: Criterion, share: number) => Math.round(WEIGHTS[criterion] * share);

const reason = (criterion: Criterion, verdict: Verdict, share: number, detail: string): Reason => ({
  criterion,
  verdict,
  points: pointsOf(criterion, share),
  detail,
});

/** 职业分类大典 codes are hierarchical (4-07-05-01): the first two levels name the trade. */
export const tradeOf = (code: string) => code.split("-").slice(0, 2).join("-");

function occupation(p: MatchPosting, w: MatchWorker): Reason {
  if (!p.occupationCode)
    return reason("occupation", "open", SHARES.occupation.open, "The posting names no occupation");
  if (w.occupations.length === 0)
    return reason("occupation", "open", SHARES.occupation.open, "The worker named no occupation");
  if (w.occupations.includes(p.occupationCode))
    return reason("occupation", "met", SHARES.occupation.met, `The worker does ${p.occupationCode}`);
  const trade = tradeOf(p.occupationCode);
  const near = w.occupations.find((o) => o.includes("-") && tradeOf(o) === trade);
  if (near)
    return reason(
      "occupation",
      "partial",
      SHARES.occupation.sameTrade,
      `The worker does ${near}, of the same trade ${trade}`,
    );
  return reason(
    "occupation",
    "unmet",
    SHARES.occupation.unmet,
    `The worker does not list ${p.occupationCode}`,
  );
}

/** A place matches when one of the two lies within the other (a community within a preferred street). */
const within = (a: string, b: string) => a === b || parentDivisions(a).includes(b);

function place(p: MatchPosting, w: MatchWorker): Reason {
  if (w.preferredPlaces.length === 0)
    return reason("place", "open", SHARES.place.open, "The worker would work anywhere in the city");
  const hit = w.preferredPlaces.find((c) => within(p.locationCode, c) || within(c, p.locationCode));
  if (hit)
    return reason(
      "place",
      "met",
      SHARES.place.met,
      `The work at ${p.locationCode} is where the worker wants (${hit})`,
    );
  const district = countyLevelOf(p.locationCode);
  const near = w.preferredPlaces.find((c) => countyLevelOf(c) === district);
  if (near)
    return reason(
      "place",
      "partial",
      SHARES.place.sameDistrict,
      `The work is in district ${district}, near the worker's ${near}`,
    );
  return reason(
    "place",
    "unmet",
    SHARES.place.unmet,
    `The work at ${p.locationCode} is outside the worker's places`,
  );
}

/** The worker must be available at least part of the work dates; otherwise there is no match at all. */
function dates(p: MatchPosting, w: MatchWorker): Reason | undefined {
  const until = p.workUntil ?? p.workFrom;
  const from = w.availableFrom ?? "0000-01-01";
  const to = w.availableUntil ?? "9999-12-31";
  if (to < p.workFrom || from > until) return undefined;
  if (from <= p.workFrom && to >= until)
    return reason(
      "dates",
      "met",
      SHARES.dates.met,
      `Available for the whole work, ${p.workFrom} to ${until}`,
    );
  return reason(
    "dates",
    "partial",
    SHARES.dates.partial,
    `Available for part of the work, ${p.workFrom} to ${until}`,
  );
}

const yuan = (fen: number) => `${(fen / 100).toFixed(2)} yuan`;

function pay(p: MatchPosting, w: MatchWorker): Reason {
  const want = w.expectedPay;
  if (!want) return reason("pay", "open", SHARES.pay.unsaid, "The worker named no expected pay");
  if (want.per !== p.pay.per)
    return reason(
      "pay",
      "open",
      SHARES.pay.otherUnit,
      `Pay is per ${p.pay.per}, the worker's expectation per ${want.per}`,
    );
  if (p.pay.amountFen >= want.amountFen)
    return reason(
      "pay",
      "met",
      SHARES.pay.met,
      `Pays ${yuan(p.pay.amountFen)} per ${p.pay.per}, at least the expected ${yuan(want.amountFen)}`,
    );
  return reason(
    "pay",
    "unmet",
    SHARES.pay.unmet,
    `Pays ${yuan(p.pay.amountFen)} per ${p.pay.per}, below the expected ${yuan(want.amountFen)}`,
  );
}

/** How well a worker fits a posting, with the reason for every point; undefined when never available. */
export function matchOf(posting: MatchPosting, worker: MatchWorker): Match | undefined {
  const when = dates(posting, worker);
  if (!when) return undefined;
  const reasons = [occupation(posting, worker), place(posting, worker), when, pay(posting, worker)];
  return { score: reasons.reduce((sum, r) => sum + r.points, 0), reasons };
}

/** Best first; equal scores keep their input order (the caller's newest-first). */
export function rankMatches<T>(
  candidates: T[],
  fit: (candidate: T) => Match | undefined,
  limit: number,
  minScore = 0,
): Array<{ candidate: T; match: Match }> {
  return candidates
    .flatMap((candidate) => {
      const match = fit(candidate);
      return match && match.score >= minScore ? [{ candidate, match }] : [];
    })
    .sort((a, b) => b.match.score - a.match.score)
    .slice(0, limit);
}
