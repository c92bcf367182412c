import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Parser } from "@asyncapi/parser";
import spectralCore from "@stoplight/spectral-core";
import spectralParsers from "@stoplight/spectral-parsers";
import { asyncapi as asyncapiRuleset } from "@stoplight/spectral-rulesets";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { GENERATED_DIR } from "../scripts/contract.js";
import { allRecords } from "../src/index.js";

// CommonJS packages: their classes are on the default export under Node's ESM.
const { Spectral, Document } = spectralCore;
const source = () => readFileSync(join(GENERATED_DIR, "asyncapi.yaml"), "utf8");
// biome-ignore lint/suspicious/noExplicitAny: the parsed YAML is walked by path, and a wrong path fails the test
type Json = Record<string, any>;

describe("the AsyncAPI document, checked by the tools a third party uses", () => {
  let parsed: Awaited<ReturnType<Parser["parse"]>>;
  beforeAll(async () => {
    parsed = await new Parser().parse(source());
  }, 60_000);

  it("has no error for the official parser (what `asyncapi validate` reports)", () => {
    const errors = parsed.diagnostics
      .filter((d) => d.severity === 0)
      .map((d) => `${d.path.join(".")}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(parsed.document).toBeDefined();
  });

  it("has no error under Spectral's AsyncAPI rules (spectral:asyncapi, all of them)", {
    timeout: 60_000,
  }, async () => {
    const spectral = new Spectral();
    spectral.setRuleset({ extends: [[asyncapiRuleset as never, "all"]] });
    const results = await spectral.run(new Document(source(), spectralParsers.Yaml, "asyncapi.yaml"));
    const errors = results
      .filter((r) => r.severity === 0)
      .map((r) => `${r.code} ${r.path.join(".")}: ${r.message}`);
    expect(errors).toEqual([]);
    // The rules ran: the document lacks a licence, which they do report (as a warning).
    expect(results.map((r) => r.code)).toContain("asyncapi-info-license");
  });

  it("names its brokers with their mutual-TLS security", () => {
    const document = parsed.document!;
    const servers = document.servers().all();
    expect(servers.map((s) => s.id()).sort()).toEqual(["local", "province"]);
    for (const server of servers) {
      expect(server.protocol()).toBe("kafka-secure");
      const schemes = server.security().flatMap((req) => req.all().map((r) => r.scheme()));
      expect(schemes.map((s) => s.type())).toEqual(["X509"]);
      expect(schemes[0]!.description()).toContain("city-350200");
    }
    expect(document.servers().get("local")!.host()).toBe("127.0.0.1:19094");
  });

  it("lists channels and operations of every topic family, each operation described", () => {
    const document = parsed.document!;
    expect(document.channels().length).toBe(9);
    const send = document
      .operations()
      .filterBySend()
      .map((o) => o.id());
    expect(send).toEqual(
      expect.arrayContaining([
        "cityNodeSendCityPerson",
        "provinceHubSendProvinceVouchers",
        "cityNodeSendCityReceipts",
        "gigMarketSendGigReceipts",
      ]),
    );
    for (const op of document.operations().all()) expect(op.description()?.length).toBeGreaterThan(20);
  });

  it("keys each message and states the partitioner: murmur2 as the Java client; librdkafka must set murmur2_random", () => {
    const doc = parse(source()) as Json;
    const person = doc.components.messages.unemploymentRegistration.bindings.kafka.key;
    expect(person.pattern).toBe("^pk_[A-Za-z0-9_-]{32}$");
    for (const [id, message] of Object.entries<Json>(doc.components.messages)) {
      const key = message.bindings?.kafka?.key;
      expect(key?.type, id).toBe("string");
      if (id !== "deadLetter") {
        expect(key.description, id).toContain("murmur2");
        expect(key.description, id).toContain("partitioner=murmur2_random");
      }
    }
  });

  it("types every message's headers as an object naming each header, its type and schema fixed", () => {
    const doc = parse(source()) as Json;
    for (const r of allRecords) {
      const headers = doc.components.messages[messageIdOf(r.name, r.version)].headers as Json;
      expect(headers.type).toBe("object");
      expect(headers.allOf).toBeUndefined();
      expect(headers.properties.ce_type.const).toBe(r.ceType);
      expect(headers.properties.ce_dataschema.const).toBe(r.dataschema);
      expect(headers.required).toEqual(
        expect.arrayContaining(["ce_id", "ce_source", "ce_type", "ce_pessig"]),
      );
      // CloudEvents makes time optional, and so does the platform.
      expect(headers.required).not.toContain("ce_time");
      expect(headers.properties.ce_source.pattern).toContain("/province");
    }
    const deadLetter = doc.components.messages.deadLetter.headers as Json;
    expect(deadLetter.properties.pes_dlq_reason.enum).toEqual(
      expect.arrayContaining(["invalid-record", "forged"]),
    );
  });

  it("gives every schema a title a code generator can use as a class name", () => {
    const doc = parse(source()) as Json;
    const titles = titlesIn(doc.components.schemas);
    expect(titles.length).toBeGreaterThan(allRecords.length);
    expect(titles.filter((t) => !/^[A-Z][A-Za-z0-9]*$/.test(t))).toEqual([]);
    expect(Object.keys(doc.components.schemas)).toContain("EmploymentRegistrationV1");
  });

  it("lists every version of a record as its own message, on the same channel", () => {
    const document = parsed.document!;
    const ids = document
      .channels()
      .get("cityPerson")!
      .messages()
      .map((m) => m.id());
    expect(ids).toEqual(
      expect.arrayContaining(["serviceRecord", "serviceRecordV2", "jobSeekerRegistrationV2"]),
    );
    expect(document.components().messages().length).toBe(allRecords.length + 1);
  });
});

const messageIdOf = (name: string, version: number) =>
  name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()) + (version > 1 ? `V${version}` : "");

function titlesIn(schema: unknown, into: string[] = []): string[] {
  if (Array.isArray(schema)) for (const s of schema) titlesIn(s, into);
  else if (schema && typeof schema === "object")
    for (const [k, v] of Object.entries(schema)) {
      if (k === "title" && typeof v === "string") into.push(v);
      else titlesIn(v, into);
    }
  return into;
}
