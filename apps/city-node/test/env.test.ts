import type { KafkaProbe } from "@pes/http";
import { sourceOf } from "@pes/schemas";
import { createTrust, registryOf, type Trust, trustFromEnv } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import { testKeysOf, testRegistryFile, testTrust, testTrustEnv } from "@pes/sync/testing";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/env.js";
import { buildServices } from "../src/services.js";

describe("city-node env", () => {
  it("needs CITY_CODE, and keeps each city's data apart", () => {
    expect(() => loadConfig({})).toThrow(/CITY_CODE: is required/);
    const config = loadConfig({ CITY_CODE: "350500" });
    expect(config).toMatchObject({ cityCode: "350500", cityName: "泉州", port: 8081 });
    expect(config.dataDir).toMatch(/\/\.pes\/data\/city-node-350500$/);
  });

  it("rejects a code that is not a Fujian city, naming the variable", () => {
    expect(() => loadConfig({ CITY_CODE: "110100" })).toThrow(/CITY_CODE: must be a Fujian city code/);
    expect(() => loadConfig({ CITY_CODE: "350203" })).toThrow(/CITY_CODE: /); // 思明 is a district, not a city
  });

  it("rejects a bad PORT naming the variable", () => {
    expect(() => loadConfig({ CITY_CODE: "350200", PORT: "8o81" })).toThrow(/PORT: /);
  });
});

describe("city-node keys (PES_KEYS, PES_KEY_REGISTRY)", () => {
  const config = loadConfig({ CITY_CODE: "350200" });
  const db = {} as DatabaseHandle;
  const kafka = { check: async () => undefined, close: async () => undefined } as unknown as KafkaProbe;
  const build = (trust: Trust) => buildServices(config, db, kafka, trust);

  it("runs on keys that sign as its city, the registry knowing them", () => {
    const trust = trustFromEnv(testTrustEnv(sourceOf.city("350200"), [sourceOf.province()]));
    expect(build(trust).trust).toBe(trust);
  });

  it("refuses keys of another party, and keys the registry does not know", () => {
    expect(() => build(testTrust(sourceOf.city("350500")))).toThrow(
      /PES_KEYS: holds no signing key of \/city\/350200 \(the keys are \/city\/350500's\)/,
    );
    const unregistered = createTrust(
      testKeysOf(sourceOf.city("350200")),
      registryOf(testRegistryFile([sourceOf.province()])),
    );
    expect(() => build(unregistered)).toThrow(
      /PES_KEY_REGISTRY: does not register test-city-350200-sig as a signing key of \/city\/350200/,
    );
  });
});
