import { describe, expect, it } from "vitest";
import {
  allRecords,
  decodeEvent,
  encodeEvent,
  isSatisfied,
  recordByName,
  recordDefinitions,
  supersededRecords,
  topicFamilies,
  UnemploymentRegistration,
  ZeroEmploymentFamily,
  zeroEmploymentConditionsHold,
} from "../src/index.js";
import { sampleId, samplePerson, sampleRecord, sampleRecords } from "../src/samples.js";

const parseIssues = (name: string, overrides: Record<string, unknown>) => {
  const definition = recordByName(name)!;
  const result = definition.schema.safeParse(sampleRecord(name, overrides));
  return result.success
    ? []
    : result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
};

describe("the record list", () => {
  it("has one current version per name and unique CloudEvents types", () => {
    expect(new Set(recordDefinitions.map((r) => r.name)).size).toBe(recordDefinitions.length);
    expect(new Set(allRecords.map((r) => r.ceType)).size).toBe(allRecords.length);
    expect(new Set(allRecords.map((r) => r.dataschema)).size).toBe(allRecords.length);
  });

  it("lists every version, each earlier one below its current version", () => {
    expect(allRecords).toEqual(expect.arrayContaining([...recordDefinitions, ...supersededRecords]));
    expect(allRecords.length).toBe(recordDefinitions.length + supersededRecords.length);
    for (const old of supersededRecords) {
      const current = recordDefinitions.find((r) => r.name === old.name)!;
      expect(current.version).toBeGreaterThan(old.version);
      expect(recordByName(old.name)).toBe(current);
      expect(recordByName(old.name, old.version)).toBe(old);
      expect(old.topic).toBe(current.topic);
    }
  });

  it("puts at least one record on every family but the dead letters", () => {
    const used = new Set(allRecords.flatMap((r) => [r.topic, ...(r.alsoOn ?? [])]));
    for (const family of Object.keys(topicFamilies))
      if (family !== "deadLetters") expect(used).toContain(family);
  });

  it("has a sample for every record type", () => {
    expect(sampleRecords().map((s) => s.definition.name)).toEqual(recordDefinitions.map((r) => r.name));
  });
});

// Every version: the current sample must stay valid for the earlier versions too (it uses no new value).
const everyVersion = allRecords.map((definition) => ({ definition, data: sampleRecord(definition.name) }));

describe.each(everyVersion)("$definition.ceType", ({ definition, data }) => {
  it("sample is valid", () => {
    expect(definition.schema.safeParse(data).error?.issues).toBeUndefined();
  });

  it("round-trips through encodeEvent and decodeEvent", () => {
    const encoded = encodeEvent(definition, data, { source: "/city/350200", id: "evt-1" });
    expect(encoded.attributes.type).toBe(definition.ceType);
    expect(encoded.attributes.subject).toBe(data.id);
    const person = data.person as { key: string } | undefined;
    if (person && definition.topic !== "cityMaster") expect(encoded.key).toBe(person.key);
    // kafkajs hands headers over as Buffers
    const headers = Object.fromEntries(Object.entries(encoded.headers).map(([k, v]) => [k, Buffer.from(v)]));
    const decoded = decodeEvent(headers, Buffer.from(encoded.value));
    expect(decoded.ok).toBe(true);
    if (decoded.ok) {
      expect(decoded.event.definition.name).toBe(definition.name);
      expect(decoded.event.data).toEqual(definition.schema.parse(data));
    }
  });

  // A receipt acknowledges a record and is none: it has no revision and no city, but its outcome
  // and digest are as strict.
  it("rejects a wrong revision type and a bad city (a receipt: a bad outcome or digest)", () => {
    const accepted = (patch: Record<string, unknown>) =>
      definition.schema.safeParse({ ...data, ...patch }).success;
    if ("revision" in data) {
      expect(accepted({ revision: "1" })).toBe(false);
      expect(accepted({ revision: 0 })).toBe(false);
      expect(accepted({ cityCode: "350203" })).toBe(false);
    } else {
      expect(accepted({ outcome: "received" })).toBe(false);
      expect(accepted({ digest: "A".repeat(64) })).toBe(false);
    }
  });

  it("drops unknown fields, for forward compatibility", () => {
    const parsed = definition.schema.parse({ ...data, addedInALaterVersion: true }) as Record<
      string,
      unknown
    >;
    expect(parsed).not.toHaveProperty("addedInALaterVersion");
  });
});

describe("common rules", () => {
  it("refuses oversize strings", () => {
    expect(parseIssues("service-record", { person: { name: "张".repeat(51) } })[0]?.path).toBe("person.name");
    expect(parseIssues("job-seeker-registration", { resume: "x".repeat(4001) })[0]?.path).toBe("resume");
    expect(parseIssues("service-record", { note: "x".repeat(501) })[0]?.path).toBe("note");
  });

  it("refuses a district outside the city", () => {
    expect(parseIssues("service-record", { districtCode: "350503" })).toEqual([
      { path: "districtCode", message: "District 350503 is not in city 350200" },
    ]);
  });

  it("checks sex and birth date against the ID number", () => {
    expect(parseIssues("service-record", { person: { sex: "female" } })[0]?.path).toBe("person.sex");
    expect(parseIssues("service-record", { person: { birthDate: "1990-03-08" } })[0]?.path).toBe(
      "person.birthDate",
    );
  });

  it("trims strings and normalises the ID number", () => {
    const person = samplePerson(1, { birthDate: "1949-12-31", region: "110105" });
    const parsed = UnemploymentRegistration.parse(
      sampleRecord("unemployment-registration", {
        person: { ...person, idNumber: person.idNumber.toLowerCase() },
      }),
    );
    expect(parsed.person.idNumber).toBe(person.idNumber);
  });
});

describe("record rules", () => {
  it("a closed unemployment registration needs its reason and date", () => {
    const paths = parseIssues("unemployment-registration", { state: "closed" }).map((i) => i.path);
    expect(paths).toEqual(["closedOn", "closeReason"]);
    expect(
      parseIssues("unemployment-registration", {
        state: "closed",
        closedOn: "2024-04-01",
        closeReason: "employed",
      }),
    ).toEqual([]);
    expect(parseIssues("unemployment-registration", { closeReason: "employed" })[0]?.path).toBe("closedOn");
  });

  it("registration dates must be in order", () => {
    expect(parseIssues("unemployment-registration", { registeredOn: "2024-02-01" })[0]?.path).toBe(
      "registeredOn",
    );
  });

  it("a unit employee needs the unit", () => {
    expect(parseIssues("employment-registration", { unit: undefined })[0]?.path).toBe("unit");
    expect(parseIssues("employment-registration", { unit: undefined, form: "flexible" })).toEqual([]);
  });

  it("vacancy requirements and windows must be consistent", () => {
    const position = sampleRecord("vacancy-registration").positions[0]!;
    const bad = { ...position, requirements: { ageMin: 40, ageMax: 30 }, recruitUntil: "2024-01-01" };
    expect(parseIssues("vacancy-registration", { positions: [bad] }).map((i) => i.path)).toEqual([
      "positions.0.requirements.ageMax",
      "positions.0.recruitUntil",
    ]);
    expect(parseIssues("vacancy-registration", { positions: [] })[0]?.path).toBe("positions");
    expect(
      parseIssues("vacancy-registration", { employer: { creditCode: "91350200MA2Y3K4L50" } })[0]?.path,
    ).toBe("employer.creditCode");
  });

  it("an enterprise layoff report lays off no more than the workforce, at least one person, of a real enterprise", () => {
    expect(
      parseIssues("enterprise-layoff-report", { persons: 181, workforce: 180 }).map((i) => i.path),
    ).toEqual(["persons"]);
    expect(parseIssues("enterprise-layoff-report", { persons: 0 })[0]?.path).toBe("persons");
    expect(parseIssues("enterprise-layoff-report", { kind: "strike" })[0]?.path).toBe("kind");
    expect(
      parseIssues("enterprise-layoff-report", { enterprise: { creditCode: "91350200MA2Y3K4L50" } })[0]?.path,
    ).toBe("enterprise.creditCode");
    // Without the workforce, any count of persons stands.
    expect(parseIssues("enterprise-layoff-report", { persons: 500, workforce: undefined })).toEqual([]);
  });

  it("a refusal of difficulty recognition needs a reason", () => {
    expect(parseIssues("difficulty-recognition", { state: "refused" })[0]?.path).toBe("refusalReason");
    expect(parseIssues("difficulty-recognition", { categories: ["health", "health"] })[0]?.path).toBe(
      "categories",
    );
  });

  it("a zero-employment family must meet all four conditions to be identified", () => {
    const family = sampleRecord("zero-employment-family");
    expect(zeroEmploymentConditionsHold(ZeroEmploymentFamily.parse(family))).toBe(true);
    const members = family.members.map((m, i) => (i === 1 ? { ...m, fixedIncome: true } : m));
    expect(parseIssues("zero-employment-family", { members })[0]?.path).toBe("members");
    expect(parseIssues("zero-employment-family", { urbanResident: false })[0]?.path).toBe("members");
    expect(
      parseIssues("zero-employment-family", { state: "cleared", members, clearedOn: "2024-05-01" }),
    ).toEqual([]);
  });

  it("training certificates come with completion", () => {
    expect(parseIssues("training-record", { stage: "enrolled" })[0]?.path).toBe("certificate");
  });

  it("ratings are 1–5 or satisfied/unsatisfied", () => {
    expect(parseIssues("service-rating", { rating: { scale: "five-point", score: 6 } })[0]?.path).toBe(
      "rating.score",
    );
    expect(
      parseIssues("service-rating", { rating: { scale: "satisfaction", verdict: "unsatisfied" } }),
    ).toEqual([]);
    expect(isSatisfied({ scale: "five-point", score: 3 })).toBe(true);
    expect(isSatisfied({ scale: "five-point", score: 2 })).toBe(false);
    expect(isSatisfied({ scale: "satisfaction", verdict: "satisfied" })).toBe(true);
  });

  it("a completed gig placement says when it ended and what was due and received", () => {
    expect(parseIssues("gig-placement", { status: "completed" }).map((i) => i.path)).toEqual([
      "completedOn",
      "payDueFen",
      "payReceivedFen",
    ]);
    const done = { status: "completed", completedOn: "2024-03-16", payDueFen: 15_000, payReceivedFen: 0 };
    expect(parseIssues("gig-placement", done)).toEqual([]);
    expect(parseIssues("gig-placement", { ...done, completedOn: "2024-03-01" })[0]?.path).toBe("completedOn");
    expect(parseIssues("gig-rating", { score: 0 })[0]?.path).toBe("score");
  });

  it("voucher events are a discriminated union of the loop's steps", () => {
    const redeemed = {
      type: "redeemed",
      redeemedAt: "2024-04-01T10:00:00+08:00",
      providerId: "xm-training-01",
    };
    expect(parseIssues("voucher-event", { event: redeemed })).toEqual([]);
    expect(parseIssues("voucher-event", { event: { type: "redeemed" } })[0]?.path).toMatch(/^event\./);
    expect(parseIssues("voucher-event", { event: { type: "lost" } })[0]?.path).toBe("event.type");
  });

  it("a 131 shortfall notice says what is short", () => {
    expect(parseIssues("service-needed-notice", { shortfall131: undefined })[0]?.path).toBe("shortfall131");
    expect(parseIssues("service-needed-notice", { shortfall131: { jobRecommendations: 4 } })[0]?.path).toBe(
      "shortfall131.jobRecommendations",
    );
  });

  it("declared indicator values are keyed by city, indicator and period", () => {
    const { definition, data } = sampleRecords().find(
      (s) => s.definition.name === "declared-indicator-value",
    )!;
    expect(definition.key(definition.schema.parse(data))).toBe("350200/budget_execution_rate/2024-Q1");
    expect(parseIssues("declared-indicator-value", { period: "2024-Q5" })[0]?.path).toBe("period");
  });
});

describe("sampleRecord", () => {
  it("merges overrides deeply and removes fields set to undefined", () => {
    const record = sampleRecord("unemployment-registration", {
      person: { name: "王五" },
      contactMobile: undefined,
      revision: 3,
    });
    expect(record.person.name).toBe("王五");
    expect(record.person.key).toMatch(/^pk_/);
    expect(record).not.toHaveProperty("contactMobile");
    expect(record.revision).toBe(3);
  });

  it("is deterministic", () => {
    expect(sampleRecords()).toEqual(sampleRecords());
    expect(sampleId(1)).toBe("00000000-0000-4000-8000-000000000001");
  });

  it("refuses an unknown name", () => {
    expect(() => sampleRecord("no-such-record")).toThrow(/no sample/);
  });
});
