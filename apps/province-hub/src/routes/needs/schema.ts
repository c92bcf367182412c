import { z } from "@hono/zod-openapi";
import { divisionLevel } from "@pes/core";
import { FujianDivisionCode } from "@pes/schemas";

const Shortfall131 = z.object({
  careerGuidance: z.number().int(),
  jobRecommendations: z.number().int(),
  trainingOrInternship: z.number().int(),
});

/** The totals a district and each of its service points show. */
export const needCounts = {
  shortfall131: Shortfall131.extend({
    persons: z.number().int().openapi({ description: "Persons whose 131 is not complete" }),
  }).openapi({ description: "Open 131 shortfalls: persons, and the parts they are owed summed" }),
  zeroEmploymentFamilies: z
    .number()
    .int()
    .openapi({ description: "Zero-employment families identified and not cleared" }),
  graduatesWithoutContact: z
    .number()
    .int()
    .openapi({ description: "Unemployed graduates on the ledger nobody has contacted one-to-one" }),
};

/** A district, or a city's own code for needs whose record names no district (see the route). */
export const AreaKey = FujianDivisionCode.refine(
  (code) => code.length === 6 && ["district", "city"].includes(divisionLevel(code) ?? ""),
  {
    error:
      "Use a 6-digit district or county code, e.g. 350203, or the city's code for needs with no district",
  },
).meta({
  description: "A districtCode of GET /v1/needs/districts: a district of the city, or the city's own code",
  examples: ["350203", "350200"],
});

export const NeedPerson = z
  .object({
    personKey: z.string(),
    name: z.string().nullable().openapi({ description: "Masked (陈*)", example: "陈*" }),
    idNumber: z.string().nullable().openapi({ description: "Masked", example: "3502**********1234" }),
    reasons: z
      .array(z.enum(["131-shortfall", "zero-employment-family", "graduate-without-contact"]))
      .openapi({ description: "The reasons that place the person at this point" }),
    shortfall131: Shortfall131.optional().openapi({ description: "The 131 parts owed, when a reason" }),
    since: z.string().nullable().openapi({
      description:
        "The earliest of registeredOn (131), identifiedOn (family), the ledger's startedOn (graduate)",
    }),
  })
  .openapi("NeedPerson");
