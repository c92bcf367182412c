import { readFileSync, statSync } from "node:fs";
import { z } from "zod";

/**
 * A party's keys (docs/adr/0006): a signing and an encryption SM2 key pair, several of each across a
 * rotation. The private file (`keys.json` beside the party's TLS credentials) holds them; the
 * registry (`registry.json`) holds every party's public keys and what each may do, for all to read.
 */
const Hex = z.string().regex(/^[0-9a-f]+$/);
const KeyUse = z.enum(["sig", "enc"]);

export const PrivateKeyEntry = z.object({
  id: z.string().min(1),
  use: KeyUse,
  alg: z.literal("SM2"),
  privateKey: Hex.length(64),
  publicKey: Hex.length(130),
  createdAt: z.iso.datetime({ offset: true }),
});
export type PrivateKeyEntry = z.infer<typeof PrivateKeyEntry>;

export const PartyKeysFile = z.object({
  /** The CloudEvents source the party speaks as: /city/350200, /gig/<id>, /province. */
  source: z.string().min(1),
  keys: z.array(PrivateKeyEntry).min(1),
});
export type PartyKeys = z.infer<typeof PartyKeysFile>;

export const RegisteredKey = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  use: KeyUse,
  alg: z.literal("SM2"),
  publicKey: Hex.length(130),
  notBefore: z.iso.datetime({ offset: true }),
  /** The end of a rotation's overlap: the key signs nothing after it. */
  notAfter: z.iso.datetime({ offset: true }).nullable(),
  /** From then on the key's records are refused. */
  revokedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type RegisteredKey = z.infer<typeof RegisteredKey>;

export const RegistryFile = z.object({ version: z.literal(1), keys: z.array(RegisteredKey) });
export type RegistryFile = z.infer<typeof RegistryFile>;

/** The public keys of every party, as a consumer or a sealer asks for them. */
export interface KeyRegistry {
  key(id: string): RegisteredKey | undefined;
  /** The receiver's current encryption key: the newest usable at `at`. */
  encryptionKeyOf(source: string, at?: Date): RegisteredKey | undefined;
}

const usableAt = (k: RegisteredKey, at: Date) =>
  Date.parse(k.notBefore) <= at.getTime() &&
  (k.notAfter === null || at.getTime() < Date.parse(k.notAfter)) &&
  (k.revokedAt === null || at.getTime() < Date.parse(k.revokedAt));

export function registryOf(file: RegistryFile): KeyRegistry {
  const byId = new Map(file.keys.map((k) => [k.id, k]));
  if (byId.size !== file.keys.length) throw new Error("the key registry names a key id twice");
  // Each party's encryption keys, newest first, sorted once: a sealer asks for every record it writes.
  const encryption = new Map<string, RegisteredKey[]>();
  for (const k of file.keys)
    if (k.use === "enc") encryption.set(k.source, [...(encryption.get(k.source) ?? []), k]);
  for (const list of encryption.values())
    list.sort((a, b) => Date.parse(b.notBefore) - Date.parse(a.notBefore));
  return {
    key: (id) => byId.get(id),
    encryptionKeyOf: (source, at = new Date()) => encryption.get(source)?.find((k) => usableAt(k, at)),
  };
}

/**
 * The registry file, read again when it changes (checked at most every `checkMs`, and at once for a
 * key id it does not know): an enrolment, a rotation or a revocation reaches running services without
 * a restart, and a node restarted with its new keys is not refused for a check that was not yet due.
 */
export function registryFromFile(path: string, checkMs = 2_000): KeyRegistry {
  let mtime = -1;
  let checkedAt = 0;
  let current: KeyRegistry = registryOf({ version: 1, keys: [] });
  const fresh = (atOnce = false) => {
    const now = Date.now();
    if (!atOnce && now - checkedAt < checkMs && mtime >= 0) return current;
    checkedAt = now;
    const m = statSync(path).mtimeMs;
    if (m !== mtime) {
      current = registryOf(RegistryFile.parse(JSON.parse(readFileSync(path, "utf8"))));
      mtime = m;
    }
    return current;
  };
  fresh();
  return {
    // An unknown id costs one stat of the file; it is read again only if it changed.
    key: (id) => fresh().key(id) ?? fresh(true).key(id),
    encryptionKeyOf: (source, at) => fresh().encryptionKeyOf(source, at),
  };
}

/** A party's newest key of a use. */
export function currentKey(keys: PartyKeys, use: "sig" | "enc"): PrivateKeyEntry | undefined {
  const own = keys.keys.filter((k) => k.use === use);
  return own.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
}

/**
 * The private keys a process holds: one party's as a rule (a city node, a market, the hub); a test's
 * process speaks for several.
 */
export interface KeyRing {
  /** The sources it may sign as. */
  sources(): readonly string[];
  /** The newest signing key of `source`, if it holds one. */
  signingKey(source: string): PrivateKeyEntry | undefined;
  /** The private key of an encryption key id, if it holds it. */
  decryptionKey(keyId: string): string | undefined;
}

export function keyRingOf(...parties: PartyKeys[]): KeyRing {
  const bySource = new Map(parties.map((p) => [p.source, p]));
  const enc = new Map(
    parties.flatMap((p) => p.keys.filter((k) => k.use === "enc").map((k) => [k.id, k.privateKey])),
  );
  return {
    sources: () => [...bySource.keys()],
    signingKey: (source) => {
      const party = bySource.get(source);
      return party && currentKey(party, "sig");
    },
    decryptionKey: (id) => enc.get(id),
  };
}

/** Whether a PES_KEYS / PES_KEY_REGISTRY setting is the JSON itself rather than a path. */
export const isInlineJson = (value: string): boolean => /^\s*[[{]/.test(value);

/** PES_KEYS / PES_KEY_REGISTRY: a path, or the JSON itself (for a process a test spawns). */
export function readJsonSetting(value: string): unknown {
  return JSON.parse(isInlineJson(value) ? value : readFileSync(value, "utf8"));
}
