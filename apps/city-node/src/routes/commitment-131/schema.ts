import { z } from "@hono/zod-openapi";
import type { Progress131 } from "../../domain/index.js";
import type { Covered131 } from "../../use-cases/ledgers/commitment-131.js";
import { PersonView } from "../shared.js";

const Part = z.object({ had: z.number().int(), owed: z.number().int() });

export const Progress131View = z
  .object({
    person: PersonView,
    basis: z.enum(["registered-unemployed", "unemployed-graduate"]),
    since: z.string().openapi({
      description: "Services count from this day: registration, or entry in the graduate ledger",
    }),
    servicePointId: z.string().openapi({ description: "The service point that owes the services" }),
    guidance: Part.openapi({ description: "职业指导: 1" }),
    jobRecommendations: Part.openapi({ description: "推荐岗位: 3" }),
    trainingOrInternship: Part.openapi({
      description:
        "推荐培训或见习: 1 (service records training-referral, training-enrolment or internship-placement; an " +
        "internship is recorded only for a graduate within 2 years of leaving school or registered unemployed " +
        "youth aged 16–24, so for anyone else only a training meets it)",
    }),
    complete: z.boolean(),
  })
  .openapi("Progress131");

export const ServicePoint131View = z
  .object({
    servicePointId: z.string(),
    covered: z.number().int().openapi({ description: "Persons the service point owes the 131 services" }),
    short: z.number().int().openapi({ description: "Persons still short of at least one part" }),
    shortOf: z
      .object({
        guidance: z.array(z.uuid()),
        jobRecommendations: z.array(z.uuid()),
        trainingOrInternship: z.array(z.uuid()),
      })
      .openapi({ description: "Person ids still short of each part" }),
    persons: z
      .array(Progress131View)
      .openapi({ description: "The persons still short, personal data masked" }),
  })
  .openapi("ServicePoint131");

export function progressView(
  covered: Covered131,
  progress: Progress131,
  person: z.infer<typeof PersonView>,
): z.infer<typeof Progress131View> {
  return {
    person,
    basis: covered.basis,
    since: covered.since,
    servicePointId: covered.servicePointId,
    guidance: progress.guidance,
    jobRecommendations: progress.jobRecommendations,
    trainingOrInternship: progress.trainingOrInternship,
    complete: progress.complete,
  };
}
