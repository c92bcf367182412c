import { describe, expect, it } from "vitest";
import {
  type DefinedRecord,
  decodeEvent,
  encodeEvent,
  jobSeekerRegistration,
  jobSeekerRegistrationV1,
  recordByType,
  serviceRecord,
  serviceRecordV1,
  unemploymentRegistration,
  unemploymentRegistrationV1,
  vacancyRegistration,
  vacancyRegistrationV1,
} from "../src/index.js";
import { sampleRecord } from "../src/samples.js";

const SOURCE = { source: "/city/350200", id: "evt-1" };
/** Any version with any data: the tests hand one version's record to another on purpose. */
const encode = (definition: DefinedRecord, data: unknown) => encodeEvent(definition, data, SOURCE);
const asKafka = (encoded: ReturnType<typeof encodeEvent>) =>
  Object.fromEntries(Object.entries(encoded.headers).map(([k, v]) => [k, Buffer.from(v)]));

/** The message an older producer would have sent: the same record under another version's type. */
function claimedAs(ceType: string, data: unknown) {
  const encoded = encode(serviceRecordV1, sampleRecord("service-record"));
  const headers = { ...asKafka(encoded), ce_type: Buffer.from(ceType) };
  return decodeEvent(headers, JSON.stringify(data));
}

describe("service-record v1 and v2", () => {
  const policyOnline = sampleRecord("service-record", { serviceType: "policy-handling", channel: "online" });
  const application = sampleRecord("service-record", { serviceType: "job-application", channel: "online" });

  it("v1 refuses the service types added in v2", () => {
    for (const data of [policyOnline, application]) {
      expect(serviceRecordV1.schema.safeParse(data).success).toBe(false);
      expect(() => encode(serviceRecordV1, data)).toThrow();
      expect(claimedAs(serviceRecordV1.ceType, data)).toMatchObject({
        ok: false,
        failure: { reason: "invalid-record", fieldPath: "serviceType", schema: serviceRecordV1.ceType },
      });
    }
  });

  it("v2 accepts them, and a producer publishes v2 under the same record name", () => {
    expect(serviceRecord.version).toBe(2);
    expect(serviceRecord.name).toBe(serviceRecordV1.name);
    for (const data of [policyOnline, application]) {
      const encoded = encode(serviceRecord, data);
      expect(encoded.attributes.type).toBe("cn.gov.fj.pes.service-record.v2");
      expect(encoded.attributes.dataschema).toBe("https://pes.fj.gov.cn/schemas/service-record/v2.json");
      const decoded = decodeEvent(asKafka(encoded), encoded.value);
      expect(decoded.ok).toBe(true);
      if (!decoded.ok) continue;
      expect(decoded.event.definition).toBe(serviceRecord);
      expect(decoded.event.definition.name).toBe("service-record");
      expect(decoded.event.data).toMatchObject({ serviceType: data.serviceType, channel: "online" });
    }
  });

  it("a consumer still decodes v1 records already on the topics, as the same record name", () => {
    const encoded = encode(serviceRecordV1, sampleRecord("service-record"));
    expect(encoded.attributes.type).toBe("cn.gov.fj.pes.service-record.v1");
    const decoded = decodeEvent(asKafka(encoded), encoded.value);
    expect(decoded.ok).toBe(true);
    if (decoded.ok) {
      expect(decoded.event.definition).toBe(serviceRecordV1);
      expect(decoded.event.definition.name).toBe("service-record");
    }
    expect(recordByType("cn.gov.fj.pes.service-record.v1")).toBe(serviceRecordV1);
    expect(recordByType("cn.gov.fj.pes.service-record.v2")).toBe(serviceRecord);
  });

  it("a version the contract does not have is still unsupported", () => {
    expect(claimedAs("cn.gov.fj.pes.service-record.v3", sampleRecord("service-record"))).toMatchObject({
      ok: false,
      failure: { reason: "unsupported-version" },
    });
  });
});

describe.each([
  { name: "job-seeker-registration", v1: jobSeekerRegistrationV1, v2: jobSeekerRegistration },
  { name: "vacancy-registration", v1: vacancyRegistrationV1, v2: vacancyRegistration },
] as const)("$name v1 and v2", ({ name, v1, v2 }) => {
  it("v2 carries the channel, optional", () => {
    const online = sampleRecord(name, { channel: "online" });
    expect(v2.schema.parse(online)).toMatchObject({ channel: "online" });
    expect(v2.schema.parse(sampleRecord(name))).not.toHaveProperty("channel");
    expect(v2.schema.safeParse(sampleRecord(name, { channel: "email" })).error?.issues[0]?.path).toEqual([
      "channel",
    ]);
    const encoded = encode(v2, online);
    expect(encoded.attributes.type).toBe(`cn.gov.fj.pes.${name}.v2`);
    const decoded = decodeEvent(asKafka(encoded), encoded.value);
    expect(decoded.ok && decoded.event.definition.name).toBe(name);
    expect(decoded.ok && decoded.event.data).toMatchObject({ channel: "online" });
  });

  it("v1 has no channel and still decodes", () => {
    expect(v1.schema.parse(sampleRecord(name, { channel: "online" }))).not.toHaveProperty("channel");
    const encoded = encode(v1, sampleRecord(name));
    expect(encoded.attributes.type).toBe(`cn.gov.fj.pes.${name}.v1`);
    const decoded = decodeEvent(asKafka(encoded), encoded.value);
    expect(decoded.ok && decoded.event.definition).toBe(v1);
  });
});

describe("unemployment-registration v1 and v2", () => {
  const name = "unemployment-registration";
  it("v2 carries the industry of the last job, optional, as a GB/T 4754 code", () => {
    const withIndustry = sampleRecord(name, { lastJobIndustry: "C3911" });
    expect(unemploymentRegistration.schema.parse(withIndustry)).toMatchObject({ lastJobIndustry: "C3911" });
    expect(unemploymentRegistration.schema.parse(sampleRecord(name))).not.toHaveProperty("lastJobIndustry");
    expect(
      unemploymentRegistration.schema.safeParse(sampleRecord(name, { lastJobIndustry: "Z99" })).error
        ?.issues[0]?.path,
    ).toEqual(["lastJobIndustry"]);
    const encoded = encode(unemploymentRegistration, withIndustry);
    expect(encoded.attributes.type).toBe("cn.gov.fj.pes.unemployment-registration.v2");
    const decoded = decodeEvent(asKafka(encoded), encoded.value);
    expect(decoded.ok && decoded.event.data).toMatchObject({ lastJobIndustry: "C3911" });
  });

  it("both versions keep the lifecycle's rules", () => {
    for (const version of [unemploymentRegistrationV1, unemploymentRegistration]) {
      const closedWithoutReason = sampleRecord(name, { state: "closed", closedOn: "2024-04-01" });
      expect(version.schema.safeParse(closedWithoutReason).error?.issues.map((i) => i.path)).toEqual([
        ["closeReason"],
      ]);
    }
  });

  it("v1 has no industry and still decodes", () => {
    expect(
      unemploymentRegistrationV1.schema.parse(sampleRecord(name, { lastJobIndustry: "C3911" })),
    ).not.toHaveProperty("lastJobIndustry");
    const encoded = encode(unemploymentRegistrationV1, sampleRecord(name));
    expect(encoded.attributes.type).toBe("cn.gov.fj.pes.unemployment-registration.v1");
    const decoded = decodeEvent(asKafka(encoded), encoded.value);
    expect(decoded.ok && decoded.event.definition).toBe(unemploymentRegistrationV1);
  });
});
