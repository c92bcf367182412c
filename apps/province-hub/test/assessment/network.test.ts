import { sampleRecord } from "@pes/schemas/samples";
import { describe, expect, it } from "vitest";
import { networkFigures } from "../../src/domain/assessment/network.js";

/** 思明 (350203) with two streets and ten communities; 湖里 (350206) with one community. */
const network = sampleRecord("service-network", {
  asOf: "2026-11-30T08:00:00+08:00",
  divisions: [
    { code: "350203001", population: 50_000 },
    ...Array.from({ length: 10 }, (_, i) => ({
      code: `350203001${String(i + 1).padStart(3, "0")}`,
      population: 3_000,
    })),
    { code: "350206001001" },
  ],
  servicePoints: [
    // A street point covers no community of its own.
    { id: "sm-street", kind: "public", divisionCode: "350203001", active: true, staff: 4 },
    // Nine of the ten communities have an active point; the tenth's point is closed.
    ...Array.from({ length: 9 }, (_, i) => ({
      id: `sm-${i + 1}`,
      kind: "public" as const,
      divisionCode: `350203001${String(i + 1).padStart(3, "0")}`,
      active: true,
      staff: i === 0 ? 0 : 1,
    })),
    { id: "sm-10", kind: "public", divisionCode: "350203001010", active: false, staff: 2 },
    { id: "hl-1", kind: "gig-station", divisionCode: "350206001001", active: true, staff: 1 },
  ],
}) as Parameters<typeof networkFigures>[0];

describe("the service network's coverage and staffing (annex 3)", () => {
  it("counts communities with an active point of their own, staffed points, and people per staff member", () => {
    expect(networkFigures(network, "350203")).toEqual({
      asOf: "2026-11-30T08:00:00+08:00",
      communities: 10,
      covered: 9,
      coverageRate: 90,
      coverageMet: true, // 9 of 10 is the 90 % target exactly
      points: 10, // the street's and nine communities'; the closed one is not counted
      staffedPoints: 9,
      staff: 12, // 4 + 8 × 1 + 0
      everyPointStaffed: false,
      population: 30_000, // the communities'; the street's figure is not added again
      peoplePerStaff: 2_500,
      staffingMet: true,
    });
  });

  it("takes the whole city, and says nothing of population when a community's is unknown", () => {
    expect(networkFigures(network, "350200")).toMatchObject({
      communities: 11,
      covered: 10,
      coverageRate: 90.9,
      points: 11,
      staff: 13,
      population: null,
      peoplePerStaff: null,
      staffingMet: null,
    });
  });

  it("has no rate for an area without communities or points", () => {
    expect(networkFigures(network, "350211")).toMatchObject({
      communities: 0,
      coverageRate: null,
      coverageMet: null,
      points: 0,
      everyPointStaffed: null,
    });
  });
});
