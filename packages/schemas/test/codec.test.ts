import { describe, expect, it } from "vitest";
import { decodeEvent, encodeEvent, unemploymentRegistration } from "../src/index.js";
import { sampleRecord } from "../src/samples.js";

const good = () =>
  encodeEvent(unemploymentRegistration, sampleRecord("unemployment-registration"), {
    source: "/city/350200",
    id: "evt-1",
    time: new Date("2024-03-15T01:30:00Z"),
  });

describe("encodeEvent", () => {
  it("keys person records by the person key and writes the CloudEvents headers", () => {
    const encoded = good();
    expect(encoded.key).toMatch(/^pk_/);
    expect(encoded.headers).toMatchObject({
      ce_id: "evt-1",
      ce_source: "/city/350200",
      ce_type: "cn.gov.fj.pes.unemployment-registration.v2",
      ce_specversion: "1.0",
      ce_time: "2024-03-15T01:30:00.000Z",
      ce_dataschema: "https://pes.fj.gov.cn/schemas/unemployment-registration/v2.json",
      "content-type": "application/json",
    });
    expect(encoded.value).not.toContain("undefined");
  });

  it("refuses an invalid record before it reaches the outbox", () => {
    const bad = sampleRecord("unemployment-registration", { person: { idNumber: "350203199003071230" } });
    expect(() => encodeEvent(unemploymentRegistration, bad, { source: "/city/350200" })).toThrow(
      /does not match/,
    );
  });
});

describe("decodeEvent failures", () => {
  it("missing-envelope when headers are absent", () => {
    const result = decodeEvent(undefined, good().value);
    expect(result.ok || result.failure.reason).toBe("missing-envelope");
  });

  it("decodes an event without ce_time: CloudEvents makes time optional", () => {
    const { ce_time: _, ...headers } = good().headers;
    const result = decodeEvent(headers, good().value);
    expect(result.ok && result.event.attributes.time).toBeUndefined();
    expect(result.ok).toBe(true);
  });

  it("missing-envelope when a required attribute (ce_id) is missing", () => {
    const { ce_id: _, ...headers } = good().headers;
    expect(decodeEvent(headers, good().value)).toMatchObject({
      ok: false,
      failure: { reason: "missing-envelope" },
    });
  });

  it("missing-envelope, not a throw, when a header arrives with a null value (Kafka allows one)", () => {
    const result = decodeEvent(
      { ...good().headers, ce_id: null, ce_source: [null, "/city/350200"] },
      good().value,
    );
    expect(result.ok || result.failure.reason).toBe("missing-envelope");
  });

  it("malformed-json when the value is not JSON", () => {
    const result = decodeEvent(good().headers, "{not json");
    expect(result.ok || result.failure).toMatchObject({ reason: "malformed-json" });
    expect(decodeEvent(good().headers, null).ok).toBe(false);
  });

  it("unsupported-version for a known record at an unknown version", () => {
    const headers = { ...good().headers, ce_type: "cn.gov.fj.pes.unemployment-registration.v9" };
    const result = decodeEvent(headers, good().value);
    expect(result.ok || result.failure).toMatchObject({
      reason: "unsupported-version",
      schema: "cn.gov.fj.pes.unemployment-registration.v9",
    });
  });

  it("unknown-type for a type the contract does not have", () => {
    const headers = { ...good().headers, ce_type: "cn.gov.fj.pes.no-such-record.v1" };
    expect(decodeEvent(headers, good().value)).toMatchObject({
      ok: false,
      failure: { reason: "unknown-type" },
    });
    const foreign = { ...good().headers, ce_type: "com.example.order.v1" };
    expect(decodeEvent(foreign, good().value)).toMatchObject({
      ok: false,
      failure: { reason: "unknown-type" },
    });
  });

  it("invalid-record with the path of the bad field", () => {
    const value = JSON.parse(good().value);
    value.person.idNumber = "350203199002301234";
    const result = decodeEvent(good().headers, JSON.stringify(value));
    expect(result.ok || result.failure).toMatchObject({
      reason: "invalid-record",
      fieldPath: "person.idNumber",
      schema: "cn.gov.fj.pes.unemployment-registration.v2",
    });
    if (!result.ok) expect(result.failure.detail).toMatch(/not a real date/);
  });

  it("never echoes the personal data it refused", () => {
    const value = JSON.parse(good().value);
    value.person.idNumber = "35020319900307123Y";
    const result = decodeEvent(good().headers, JSON.stringify(value));
    expect(JSON.stringify(result)).not.toContain("35020319900307123");
  });
});
