import { dirname, join } from "node:path";
import {
  fromKafkaHeaders,
  type IncomingHeaders,
  parseTopic,
  producerOf,
  receiverOf,
  sealAttributesOf,
} from "@pes/schemas";
import {
  isInlineJson,
  type KeyRegistry,
  type KeyRing,
  keyRingOf,
  type PartyKeys,
  PartyKeysFile,
  RegistryFile,
  readJsonSetting,
  registryFromFile,
  registryOf,
} from "./keys.js";
import { Opener, type OpenFailureReason, Sealer } from "./seal.js";
import { type RecordProof, Verifier, type VerifyFailureReason } from "./sign.js";

export * from "./enrolment.js";
export * from "./keys.js";
export { sealAndSign } from "./messages.js";
export { Opener, type OpenFailureReason, Sealer } from "./seal.js";
export {
  type RecordProof,
  recordDigest,
  type SignableRecord,
  signBatch,
  type VerifiedRecord,
  Verifier,
  type VerifyFailureReason,
} from "./sign.js";
export { generateSm2KeyPair, type Sm2KeyPair, sm2PublicKeyOf, sm2Sign, sm2Verify } from "./sm2.js";

/** A party's trust: who it is, its keys, everyone's public keys, and what it seals, opens and verifies with. */
export interface Trust {
  /** The party it speaks as (the first, when a test's process speaks for several). */
  source: string;
  ring: KeyRing;
  registry: KeyRegistry;
  sealer: Sealer;
  opener: Opener;
  verifier: Verifier;
}

export function createTrust(keys: PartyKeys | KeyRing, registry: KeyRegistry): Trust {
  const ring = "keys" in keys ? keyRingOf(keys) : keys;
  return {
    source: ring.sources()[0] ?? "",
    ring,
    registry,
    sealer: new Sealer(registry),
    opener: new Opener(ring),
    verifier: new Verifier(registry),
  };
}

/**
 * A service's trust from its environment (README, Security): PES_KEYS, its private keys (a path, or
 * the JSON), default keys.json in its KAFKA_CREDENTIALS folder; PES_KEY_REGISTRY, everyone's public
 * keys, default registry.json beside that folder (the PKI's root, where `pnpm enrol` keeps it).
 */
export function trustFromEnv(env: Record<string, string | undefined> = process.env): Trust {
  const folder = env.KAFKA_CREDENTIALS || undefined;
  const keysSetting = env.PES_KEYS || (folder && join(folder, "keys.json"));
  const registrySetting = env.PES_KEY_REGISTRY || (folder && join(dirname(folder), "registry.json"));
  if (!keysSetting || !registrySetting)
    throw new Error(
      "record signing and sealing need PES_KEYS and PES_KEY_REGISTRY, or KAFKA_CREDENTIALS (README, Security)",
    );
  // One party as a rule; a list where one deployment serves several (e.g. a gig platform's markets).
  const setting = readJsonSetting(keysSetting);
  const keys: PartyKeys[] = (Array.isArray(setting) ? setting : [setting]).map((p) => PartyKeysFile.parse(p));
  const registry = isInlineJson(registrySetting)
    ? registryOf(RegistryFile.parse(readJsonSetting(registrySetting)))
    : registryFromFile(registrySetting);
  return createTrust(keyRingOf(...keys), registry);
}

/** Whom a record on `topic` is sealed for: the topic's reader (undefined for a topic outside the catalogue). */
export function receiverOfTopic(topic: string): string | undefined {
  const parsed = parseTopic(topic);
  return parsed && receiverOf(parsed.family, parsed);
}

export type TrustFailureReason = VerifyFailureReason | OpenFailureReason | "wrong-source";

export type TrustedRead =
  | {
      ok: true;
      value: string;
      signature: string;
      proof: RecordProof;
      attributes: ReturnType<typeof fromKafkaHeaders>;
    }
  | { ok: false; reason: TrustFailureReason; detail: string };

/**
 * A record as its reader first sees it: from the topic's one producer, signed by a key of its source,
 * sealed for this party. Returns the opened value for the contract's decoder; a record whose
 * envelope is missing is passed on as it is, for the decoder to refuse with its own reason.
 */
export function readTrusted(
  trust: Trust,
  message: { topic: string; headers?: IncomingHeaders; value: Buffer | null; appendedAt?: Date },
): TrustedRead | { ok: "no-envelope" } {
  const attrs = fromKafkaHeaders(message.headers);
  if (!attrs.success) return { ok: "no-envelope" };
  const parsed = parseTopic(message.topic);
  const producer = parsed && producerOf(parsed.family, parsed);
  if (producer && attrs.data.source !== producer)
    return { ok: false, reason: "wrong-source", detail: `only ${producer} publishes on ${message.topic}` };
  const verified = trust.verifier.verify(attrs.data, message.headers, message.value, message.appendedAt);
  if (!verified.ok) return verified;
  const opened = trust.opener.open(sealAttributesOf(message.headers), attrs.data.id, message.value);
  if (!opened.ok) return opened;
  return {
    ok: true,
    value: opened.plaintext,
    signature: verified.signature,
    proof: verified.proof,
    attributes: attrs,
  };
}
