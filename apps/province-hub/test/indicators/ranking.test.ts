import { describe, expect, it } from "vitest";
import { competitionRanks } from "../../src/domain/indicators/ranking.js";

describe("competitionRanks", () => {
  it("ranks higher first for >=, sharing ranks on ties and skipping after them", () => {
    const ranks = competitionRanks(
      [
        { area: "a", actual: 5 },
        { area: "b", actual: 9 },
        { area: "c", actual: 5 },
        { area: "d", actual: 1 },
        { area: "e", actual: null },
      ],
      ">=",
    );
    expect(Object.fromEntries(ranks)).toEqual({ b: 1, a: 2, c: 2, d: 4 });
  });

  it("ranks lower first for <= (an unemployment rate)", () => {
    const ranks = competitionRanks(
      [
        { area: "a", actual: 3.2 },
        { area: "b", actual: 2.9 },
        { area: "c", actual: 4 },
      ],
      "<=",
    );
    expect(Object.fromEntries(ranks)).toEqual({ b: 1, a: 2, c: 3 });
  });

  it("gives no rank to an area without a value, and ranks zero as a value", () => {
    const ranks = competitionRanks(
      [
        { area: "a", actual: null },
        { area: "b", actual: 0 },
      ],
      ">=",
    );
    expect([...ranks]).toEqual([["b", 1]]);
  });
});
