import { describe, expect, it } from "vitest";
import { type MatchPosting, type MatchWorker, matchOf, rankMatches } from "../src/domain/matching.js";

const posting: MatchPosting = {
  occupationCode: "4-10-01-01",
  locationCode: "350203005",
  pay: { amountFen: 20000, per: "day" },
  workFrom: "2025-07-01",
  workUntil: "2025-07-31",
};
const worker: MatchWorker = {
  occupations: ["4-10-01-01"],
  preferredPlaces: ["350203"],
  expectedPay: { amountFen: 18000, per: "day" },
  availableFrom: "2025-06-01",
  availableUntil: "2025-12-31",
};

const verdicts = (w: Partial<MatchWorker>, p: Partial<MatchPosting> = {}) =>
  Object.fromEntries(
    matchOf({ ...posting, ...p }, { ...worker, ...w })!.reasons.map((r) => [r.criterion, r.verdict]),
  );

describe("matchOf", () => {
  it("scores a worker who fits in every way 100, explaining each criterion", () => {
    const match = matchOf(posting, worker)!;
    expect(match.score).toBe(100);
    expect(match.reasons).toEqual([
      { criterion: "occupation", verdict: "met", points: 40, detail: "The worker does 4-10-01-01" },
      {
        criterion: "place",
        verdict: "met",
        points: 30,
        detail: "The work at 350203005 is where the worker wants (350203)",
      },
      {
        criterion: "dates",
        verdict: "met",
        points: 20,
        detail: "Available for the whole work, 2025-07-01 to 2025-07-31",
      },
      {
        criterion: "pay",
        verdict: "met",
        points: 10,
        detail: "Pays 200.00 yuan per day, at least the expected 180.00 yuan",
      },
    ]);
  });

  it.each([
    ["another occupation of the same trade", { occupations: ["4-10-02-01"] }, "occupation", "partial"],
    ["another trade", { occupations: ["6-01-01-01"] }, "occupation", "unmet"],
    ["no occupation named", { occupations: [] }, "occupation", "open"],
    ["a community inside the work's street", { preferredPlaces: ["350203005001"] }, "place", "met"],
    ["the whole city", { preferredPlaces: ["350200"] }, "place", "met"],
    ["another street of the district", { preferredPlaces: ["350203001"] }, "place", "partial"],
    ["another district", { preferredPlaces: ["350206"] }, "place", "unmet"],
    ["anywhere", { preferredPlaces: [] }, "place", "open"],
    ["part of the dates", { availableUntil: "2025-07-15" }, "dates", "partial"],
    ["more pay expected", { expectedPay: { amountFen: 25000, per: "day" } }, "pay", "unmet"],
    ["pay per hour expected", { expectedPay: { amountFen: 2500, per: "hour" } }, "pay", "open"],
  ] as const)("judges %s", (_, w, criterion, verdict) => {
    expect(verdicts(w as Partial<MatchWorker>)[criterion]).toBe(verdict);
  });

  it("never matches a worker unavailable on every work date", () => {
    expect(matchOf(posting, { ...worker, availableFrom: "2025-08-01" })).toBeUndefined();
    expect(matchOf(posting, { ...worker, availableUntil: "2025-06-30" })).toBeUndefined();
    expect(
      matchOf({ ...posting, workUntil: undefined }, { ...worker, availableFrom: "2025-07-01" }),
    ).toBeDefined();
  });

  it("takes a posting without an occupation as open to all", () => {
    expect(verdicts({}, { occupationCode: undefined }).occupation).toBe("open");
  });
});

describe("rankMatches", () => {
  it("orders best first, keeps input order on ties, drops non-matches and low scores", () => {
    const fits: Record<string, number | undefined> = { a: 50, b: 80, c: undefined, d: 80, e: 10 };
    const ranked = rankMatches(
      Object.keys(fits),
      (k) => (fits[k] === undefined ? undefined : { score: fits[k]!, reasons: [] }),
      3,
      20,
    );
    expect(ranked.map((r) => r.candidate)).toEqual(["b", "d", "a"]);
  });
});
