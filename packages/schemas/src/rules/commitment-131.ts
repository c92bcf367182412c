import { chinaDateOf } from "@pes/core";
import type { IsoDate, Timestamp } from "../values/dates.js";
import type { ServiceType } from "../values/enums.js";

/**
 * The "131" commitment (重点帮扶131): every registered unemployed person and unemployed graduate gets
 * at least 1 career guidance, 3 job recommendations and 1 training or internship offer. The rule is
 * part of the contract because the city nodes and the province must count it the same way.
 */

export const COMMITMENT_131 = { guidance: 1, jobRecommendations: 3, trainingOrInternship: 1 } as const;
export type Part131 = keyof typeof COMMITMENT_131;

const PART_OF: Partial<Record<ServiceType, Part131>> = {
  "career-guidance": "guidance",
  "job-recommendation": "jobRecommendations",
  "training-referral": "trainingOrInternship",
  "training-enrolment": "trainingOrInternship",
  "internship-placement": "trainingOrInternship",
};

export interface Service131 {
  serviceType: ServiceType;
  /** A date, or an instant with offset (the service record's servedAt), read as a date in China. */
  servedAt: IsoDate | Timestamp;
}

export interface PartProgress {
  had: number;
  owed: number;
}

export type Progress131 = Record<Part131, PartProgress> & { complete: boolean };

/** What the person has had since `since` (the registration start, counted inclusively) and what is still owed. */
export function progress131(services: readonly Service131[], since: IsoDate): Progress131 {
  const had: Record<Part131, number> = { guidance: 0, jobRecommendations: 0, trainingOrInternship: 0 };
  for (const service of services) {
    const part = PART_OF[service.serviceType];
    if (part && chinaDateOf(service.servedAt) >= since) had[part]++;
  }
  const progress = (part: Part131): PartProgress => ({
    had: had[part],
    owed: Math.max(0, COMMITMENT_131[part] - had[part]),
  });
  const guidance = progress("guidance");
  const jobRecommendations = progress("jobRecommendations");
  const trainingOrInternship = progress("trainingOrInternship");
  return {
    guidance,
    jobRecommendations,
    trainingOrInternship,
    complete: guidance.owed + jobRecommendations.owed + trainingOrInternship.owed === 0,
  };
}
