import { describe, expect, it } from "vitest";
import { z } from "zod";
import { allRecords, Mobile, PersonName, personalPaths, personalPathsOf } from "../src/index.js";

const PERSON = ["person.idNumber", "person.name"];

describe("personalPaths", () => {
  it("finds every ID number, name and phone of the contract's records", () => {
    const byName = Object.fromEntries(allRecords.map((r) => [r.name, personalPathsOf(r.name)]));
    expect(byName).toEqual({
      "unemployment-registration": [...PERSON, "contactMobile"],
      "employment-registration": PERSON,
      "job-seeker-registration": [...PERSON, "contactMobile"],
      "vacancy-registration": ["employer.contactName", "employer.contactPhone"],
      "enterprise-layoff-report": [],
      "service-network": [],
      "key-group-membership": PERSON,
      "difficulty-recognition": PERSON,
      "zero-employment-family": [...PERSON, "members.*.person.idNumber", "members.*.person.name"],
      "service-record": PERSON,
      "training-record": PERSON,
      "service-rating": PERSON,
      "voucher-event": PERSON,
      "gig-posting": ["contactPhone"],
      "gig-placement": PERSON,
      "gig-rating": PERSON,
      "declared-indicator-value": [],
      "registration-closure-instruction": PERSON,
      "service-needed-notice": [...PERSON, "contactMobile"],
      // The person is masked already (MaskedPerson); the mobile is clear while the notice is open.
      "work-needed-notice": ["contactMobile"],
      "voucher-notice": PERSON,
      // Field paths and messages, never a value.
      "record-rejection-notice": [],
      "flowback-receipt": [],
    });
  });

  it("sees through .meta(), optional and arrays, and answers from its cache", () => {
    const schema = z.object({
      a: PersonName.meta({ description: "re-described" }),
      b: z.array(z.object({ c: Mobile.optional() })).optional(),
      d: z.string(),
    });
    expect(personalPaths(schema)).toEqual(["a", "b.*.c"]);
    expect(personalPaths(schema)).toBe(personalPaths(schema));
  });
});
