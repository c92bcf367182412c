import type { IsoDate } from "@pes/schemas";
import { COMMITMENT_131, type Part131, progress131, type Service131 } from "@pes/schemas";

export {
  COMMITMENT_131,
  type Part131,
  type PartProgress,
  type Progress131,
  progress131,
  type Service131,
} from "@pes/schemas";

export interface Person131 {
  personKey: string;
  /** The service point responsible for the person (where they registered). */
  servicePointId: string;
  /** Registration date, or the day an unemployed graduate entered the ledger. */
  since: IsoDate;
  services: readonly Service131[];
}

export interface ServicePointShortfall {
  servicePointId: string;
  /** Persons the service point is responsible for. */
  persons: number;
  /** Persons short of at least one part. */
  short: number;
  /** Person keys still short of each part, in input order. */
  shortOf: Record<Part131, string[]>;
}

/** Per service point, who is still short of which part; sorted by service point id. */
export function shortfallsByServicePoint(persons: readonly Person131[]): ServicePointShortfall[] {
  const byPoint = new Map<string, ServicePointShortfall>();
  for (const person of persons) {
    let point = byPoint.get(person.servicePointId);
    if (!point) {
      point = {
        servicePointId: person.servicePointId,
        persons: 0,
        short: 0,
        shortOf: { guidance: [], jobRecommendations: [], trainingOrInternship: [] },
      };
      byPoint.set(person.servicePointId, point);
    }
    const progress = progress131(person.services, person.since);
    point.persons++;
    if (!progress.complete) point.short++;
    for (const part of Object.keys(COMMITMENT_131) as Part131[]) {
      if (progress[part].owed > 0) point.shortOf[part].push(person.personKey);
    }
  }
  return [...byPoint.values()].sort((a, b) => a.servicePointId.localeCompare(b.servicePointId));
}
