import type { ServiceNetwork } from "@pes/schemas";

/** Annex 3's targets for the network: communities covered, every point staffed, staff for the people served. */
export const NETWORK_TARGETS = { coverage: 0.9, staffPerPoint: 1, peoplePerStaff: 3_000 } as const;

export interface NetworkFigures {
  /** When the city's node took the picture this is computed from. */
  asOf: string;
  /** Communities/villages (12-digit divisions) in the area, and those with an active service point of their own. */
  communities: number;
  covered: number;
  coverageRate: number | null;
  coverageMet: boolean | null;
  /** Active service points in the area, those with at least one staff member, and the staff. */
  points: number;
  staffedPoints: number;
  staff: number;
  everyPointStaffed: boolean | null;
  /** The communities' population, when the city gave every community's; people per staff member. */
  population: number | null;
  peoplePerStaff: number | null;
  staffingMet: boolean | null;
}

const COMMUNITY = /^\d{12}$/;
const round1 = (x: number) => Math.round(x * 1000) / 10;

/** Pure: the network's figures within `area` (a city's or a district's code prefix). */
export function networkFigures(network: ServiceNetwork, area: string): NetworkFigures {
  const prefix = area.endsWith("00") ? area.slice(0, 4) : area;
  const communities = network.divisions.filter((d) => COMMUNITY.test(d.code) && d.code.startsWith(prefix));
  const points = network.servicePoints.filter((p) => p.active && p.divisionCode.startsWith(prefix));
  const withPoint = new Set(points.map((p) => p.divisionCode));
  const covered = communities.filter((c) => withPoint.has(c.code)).length;
  const staffedPoints = points.filter((p) => p.staff >= NETWORK_TARGETS.staffPerPoint).length;
  const staff = points.reduce((n, p) => n + p.staff, 0);
  const population =
    communities.length > 0 && communities.every((c) => c.population !== undefined)
      ? communities.reduce((n, c) => n + (c.population ?? 0), 0)
      : null;
  const coverageRate = communities.length > 0 ? covered / communities.length : null;
  const peoplePerStaff = population !== null && staff > 0 ? Math.round(population / staff) : null;
  return {
    asOf: network.asOf,
    communities: communities.length,
    covered,
    coverageRate: coverageRate === null ? null : round1(coverageRate),
    coverageMet: coverageRate === null ? null : coverageRate >= NETWORK_TARGETS.coverage,
    points: points.length,
    staffedPoints,
    staff,
    everyPointStaffed: points.length > 0 ? staffedPoints === points.length : null,
    population,
    peoplePerStaff,
    staffingMet: peoplePerStaff === null ? null : peoplePerStaff <= NETWORK_TARGETS.peoplePerStaff,
  };
}
