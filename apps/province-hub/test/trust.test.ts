import { sourceOf } from "@pes/schemas";
import { createTrust, registryOf, trustFromEnv } from "@pes/sync";
import { testKeysOf, testRegistryFile, testTrust, testTrustEnv } from "@pes/sync/testing";
import { describe, expect, it } from "vitest";
import { provinceTrust } from "../src/trust.js";
import { TEST_TRUST } from "./support/index.js";

const province = sourceOf.province();

describe("the hub's trust (provinceTrust)", () => {
  it("takes keys that sign as the province and open what is sealed for it, from PES_KEYS and PES_KEY_REGISTRY", () => {
    expect(provinceTrust(TEST_TRUST)).toBe(TEST_TRUST);
    const fromEnv = provinceTrust(trustFromEnv(testTrustEnv(province, [sourceOf.city("350200")])));
    expect(fromEnv.source).toBe(province);
  });

  it("refuses a city's keys: the hub signs everything it sends as /province", () => {
    expect(() => provinceTrust(testTrust(sourceOf.city("350200")))).toThrow(
      /cannot sign as \/province \(PES_KEYS holds \/city\/350200\)/,
    );
  });

  it("refuses a signing key the registry does not give the province", () => {
    const registry = registryOf(testRegistryFile([sourceOf.city("350200")]));
    expect(() => provinceTrust(createTrust(testKeysOf(province), registry))).toThrow(
      /signing key test-province-sig is not registered for \/province/,
    );
  });

  it("refuses keys that cannot open what the cities seal for the province", () => {
    const keys = testKeysOf(province);
    const signingOnly = { ...keys, keys: keys.keys.filter((k) => k.use === "sig") };
    const registry = registryOf(testRegistryFile([province]));
    expect(() => provinceTrust(createTrust(signingOnly, registry))).toThrow(
      /cannot open what is sealed for \/province: it holds no private key of test-province-enc/,
    );
  });
});
