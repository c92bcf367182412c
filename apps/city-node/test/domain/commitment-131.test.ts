import { describe, expect, it } from "vitest";
import { progress131, type Service131, shortfallsByServicePoint } from "../../src/domain/index.js";

const s = (serviceType: Service131["serviceType"], servedAt: string): Service131 => ({
  serviceType,
  servedAt,
});

describe("progress131", () => {
  it("owes everything when nothing was given", () => {
    expect(progress131([], "2025-03-01")).toEqual({
      guidance: { had: 0, owed: 1 },
      jobRecommendations: { had: 0, owed: 3 },
      trainingOrInternship: { had: 0, owed: 1 },
      complete: false,
    });
  });

  it("counts only services on or after the registration start, by China date", () => {
    const services = [
      s("career-guidance", "2025-02-28"), // before: does not count
      s("job-recommendation", "2025-02-28T16:30:00Z"), // 2025-03-01 00:30 in China: counts
      s("job-recommendation", "2025-02-28T15:59:00Z"), // 2025-02-28 23:59 in China: does not
      s("job-recommendation", "2025-03-01"),
      s("policy-consultation", "2025-03-02"), // not part of 131
    ];
    expect(progress131(services, "2025-03-01")).toEqual({
      guidance: { had: 0, owed: 1 },
      jobRecommendations: { had: 2, owed: 1 },
      trainingOrInternship: { had: 0, owed: 1 },
      complete: false,
    });
  });

  it("is complete with 1 guidance, 3 recommendations and any training or internship offer", () => {
    for (const offer of ["training-referral", "training-enrolment", "internship-placement"] as const) {
      const services = [
        s("career-guidance", "2025-03-02"),
        ...["2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06"].map((d) => s("job-recommendation", d)),
        s(offer, "2025-03-07T09:00:00+08:00"),
      ];
      const progress = progress131(services, "2025-03-01");
      expect(progress.complete).toBe(true);
      expect(progress.jobRecommendations).toEqual({ had: 4, owed: 0 });
    }
  });
});

describe("shortfallsByServicePoint", () => {
  it("lists per service point who is short of which part", () => {
    const full = [
      s("career-guidance", "2025-03-02"),
      s("job-recommendation", "2025-03-02"),
      s("job-recommendation", "2025-03-03"),
      s("job-recommendation", "2025-03-04"),
      s("internship-placement", "2025-03-05"),
    ];
    const result = shortfallsByServicePoint([
      { personKey: "p1", servicePointId: "sp-b", since: "2025-03-01", services: full },
      { personKey: "p2", servicePointId: "sp-b", since: "2025-03-01", services: full.slice(0, 2) },
      { personKey: "p3", servicePointId: "sp-a", since: "2025-03-01", services: [] },
      { personKey: "p4", servicePointId: "sp-b", since: "2025-03-03", services: full }, // earlier ones don't count
    ]);
    expect(result).toEqual([
      {
        servicePointId: "sp-a",
        persons: 1,
        short: 1,
        shortOf: { guidance: ["p3"], jobRecommendations: ["p3"], trainingOrInternship: ["p3"] },
      },
      {
        servicePointId: "sp-b",
        persons: 3,
        short: 2,
        shortOf: { guidance: ["p4"], jobRecommendations: ["p2", "p4"], trainingOrInternship: ["p2"] },
      },
    ]);
  });
});
