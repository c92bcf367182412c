import { createHash } from "node:crypto";
import {
  createTrust,
  type KeyRegistry,
  type KeyRing,
  type PartyKeys,
  type RegisteredKey,
  type RegistryFile,
  sm2PublicKeyOf,
  type Trust,
} from "../trust/index.js";

/**
 * Keys for tests only: each party's keys derived from its source, so every test process (and every
 * service a test spawns) holds the same ones without files. Never used outside a test kit.
 */
const SM2_N = BigInt("0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123");
const EPOCH = "2000-01-01T00:00:00.000Z";

function derivedPrivateKey(source: string, use: "sig" | "enc"): string {
  const h = BigInt(`0x${createHash("sm3").update(`pes-test-key|${use}|${source}`).digest("hex")}`);
  return ((h % (SM2_N - 2n)) + 1n).toString(16).padStart(64, "0");
}

const testKeyId = (source: string, use: "sig" | "enc") => `test${source.replaceAll("/", "-")}-${use}`;

function testKey(source: string, use: "sig" | "enc") {
  const privateKey = derivedPrivateKey(source, use);
  return {
    id: testKeyId(source, use),
    use,
    alg: "SM2" as const,
    privateKey,
    publicKey: sm2PublicKeyOf(privateKey),
  };
}

const cache = new Map<string, ReturnType<typeof testKey>>();
const cachedKey = (source: string, use: "sig" | "enc") => {
  const id = testKeyId(source, use);
  const key = cache.get(id) ?? testKey(source, use);
  cache.set(id, key);
  return key;
};

export function testKeysOf(source: string): PartyKeys {
  return {
    source,
    keys: (["sig", "enc"] as const).map((use) => ({ ...cachedKey(source, use), createdAt: EPOCH })),
  };
}

const registered = (source: string, use: "sig" | "enc"): RegisteredKey => {
  const { privateKey: _, ...pub } = cachedKey(source, use);
  return { ...pub, source, notBefore: EPOCH, notAfter: null, revokedAt: null };
};

/** Every party's test keys, derived on demand: /city/<code>, /gig/<id>, /province. */
export const TEST_REGISTRY: KeyRegistry = {
  key(id) {
    const m = /^test(-(?:city|gig)-[a-z0-9-]+|-province)-(sig|enc)$/.exec(id);
    if (!m) return undefined;
    const source = m[1]!.replace(/^-(city|gig)-/, "/$1/").replace(/^-province$/, "/province");
    return registered(source, m[2] as "sig" | "enc");
  },
  encryptionKeyOf: (source) => registered(source, "enc"),
};

/**
 * A party's trust in a test: its derived keys, every party's public keys. `speaksFor` widens what it
 * signs as and opens, e.g. every /gig/ source for a gig service whose markets a test makes as it goes.
 */
export function testTrust(
  source: string,
  speaksFor: (source: string) => boolean = (s) => s === source,
): Trust {
  const ring: KeyRing = {
    sources: () => [source],
    signingKey: (s) => (speaksFor(s) ? { ...cachedKey(s, "sig"), createdAt: EPOCH } : undefined),
    decryptionKey: (id) => {
      const key = TEST_REGISTRY.key(id);
      return key && key.use === "enc" && speaksFor(key.source)
        ? cachedKey(key.source, "enc").privateKey
        : undefined;
    },
  };
  return createTrust(ring, TEST_REGISTRY);
}

/** The registry file of some parties' test keys, for a process a test spawns (PES_KEY_REGISTRY). */
export function testRegistryFile(sources: readonly string[]): RegistryFile {
  return { version: 1, keys: sources.flatMap((s) => [registered(s, "sig"), registered(s, "enc")]) };
}

/**
 * PES_KEYS and PES_KEY_REGISTRY of a spawned service speaking as `source` (or as several, e.g. a gig
 * deployment's markets), knowing the given parties' public keys.
 */
export function testTrustEnv(
  source: string | readonly string[],
  parties: readonly string[],
): Record<string, string> {
  const own = typeof source === "string" ? [source] : [...source];
  const keys = own.map(testKeysOf);
  return {
    PES_KEYS: JSON.stringify(keys.length === 1 ? keys[0] : keys),
    PES_KEY_REGISTRY: JSON.stringify(testRegistryFile([...new Set([...own, ...parties])])),
  };
}

/** For tests that put hand-made records on a topic the way a relay would (see sealAndSign). */
export { sealAndSign } from "../trust/index.js";
