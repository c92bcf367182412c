import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { sourceOf } from "@pes/schemas";
import type { NodeIdentity } from "../acls.js";
import {
  type PartyKeys,
  PartyKeysFile,
  type PrivateKeyEntry,
  type RegisteredKey,
  RegistryFile,
} from "./keys.js";
import { generateSm2KeyPair } from "./sm2.js";

/**
 * The key lifecycle on the province's side (pnpm pki / pnpm enrol): a party's private keys in
 * <pki>/<principal>/keys.json next to its TLS credentials, everyone's public keys in <pki>/registry.json,
 * the file the services read (PES_KEY_REGISTRY) and the province hands to every node.
 */
export const sourceOfNode = (node: NodeIdentity): string =>
  node.kind === "city"
    ? sourceOf.city(node.city)
    : node.kind === "gig"
      ? sourceOf.gig(node.market)
      : sourceOf.province();

export const registryPath = (dir: string) => join(dir, "registry.json");
const keysPath = (dir: string, principal: string) => join(dir, principal, "keys.json");

/** Written whole and renamed into place: a service re-reading the file never sees half of it. */
function writeJson(path: string, value: unknown, mode: number) {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode });
  renameSync(tmp, path);
}

export function readRegistry(dir: string): RegistryFile {
  const path = registryPath(dir);
  return existsSync(path)
    ? RegistryFile.parse(JSON.parse(readFileSync(path, "utf8")))
    : { version: 1, keys: [] };
}

function newKeys(principal: string, now: Date): PrivateKeyEntry[] {
  // The time says when; the random part keeps two keys made in the same second apart.
  const time = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const stamp = `${time}-${randomBytes(3).toString("hex")}`;
  return (["sig", "enc"] as const).map((use) => ({
    id: `${principal}-${use}-${stamp}`,
    use,
    alg: "SM2",
    ...generateSm2KeyPair(),
    createdAt: now.toISOString(),
  }));
}

const publicOf = (source: string, k: PrivateKeyEntry): RegisteredKey => ({
  id: k.id,
  source,
  use: k.use,
  alg: k.alg,
  publicKey: k.publicKey,
  notBefore: k.createdAt,
  notAfter: null,
  revokedAt: null,
});

function register(dir: string, source: string, keys: readonly PrivateKeyEntry[]) {
  const registry = readRegistry(dir);
  const known = new Set(registry.keys.map((k) => k.id));
  const added = keys.filter((k) => !known.has(k.id)).map((k) => publicOf(source, k));
  if (added.length > 0)
    writeJson(registryPath(dir), { ...registry, keys: [...registry.keys, ...added] }, 0o644);
}

/** The party's keys, made once (idempotent), and registered. */
export function ensurePartyKeys(
  dir: string,
  principal: string,
  node: NodeIdentity,
  now = new Date(),
): PartyKeys {
  const path = keysPath(dir, principal);
  const source = sourceOfNode(node);
  let keys: PartyKeys;
  if (existsSync(path)) keys = PartyKeysFile.parse(JSON.parse(readFileSync(path, "utf8")));
  else {
    keys = { source, keys: newKeys(principal, now) };
    writeJson(path, keys, 0o600);
  }
  register(dir, source, keys.keys);
  return keys;
}

/**
 * Rotation: a new signing and encryption key, valid at once; the old signing key signs until the
 * overlap ends, the old encryption key stays in keys.json to open what was sealed for it.
 */
export function rotatePartyKeys(
  dir: string,
  principal: string,
  node: NodeIdentity,
  overlapDays: number,
  now = new Date(),
) {
  const current = ensurePartyKeys(dir, principal, node, now);
  const fresh = newKeys(principal, now);
  writeJson(keysPath(dir, principal), { ...current, keys: [...current.keys, ...fresh] }, 0o600);
  const until = new Date(now.getTime() + overlapDays * 86_400_000).toISOString();
  const registry = readRegistry(dir);
  const ended = registry.keys.map((k) =>
    k.source === current.source && k.notAfter === null ? { ...k, notAfter: until } : k,
  );
  writeJson(
    registryPath(dir),
    { ...registry, keys: [...ended, ...fresh.map((k) => publicOf(current.source, k))] },
    0o644,
  );
  return { keys: fresh, overlapUntil: until };
}

/** Revocation: every key of the party is stamped; its records are refused from now on. */
export function revokePartyKeys(dir: string, node: NodeIdentity, now = new Date()): number {
  const source = sourceOfNode(node);
  const registry = readRegistry(dir);
  let stamped = 0;
  const keys = registry.keys.map((k) => {
    if (k.source !== source || k.revokedAt) return k;
    stamped++;
    return { ...k, revokedAt: now.toISOString() };
  });
  writeJson(registryPath(dir), { ...registry, keys }, 0o644);
  return stamped;
}
