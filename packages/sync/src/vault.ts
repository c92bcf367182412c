import { maskMobile, maskName, maskResidentId, personalPathsOf, personKeyOf } from "@pes/schemas";
import type { PiiCipher } from "./pii.js";

/**
 * A person's personal data at rest, as every service keeps it: the ID number, name and phone sealed
 * field by field with the service's PiiCipher, and the person key (personKeyOf: the keyed pseudonym of
 * the ID number, the same in every service) in the clear beside them. Shown masked unless the caller
 * needs the clear values.
 */
export interface PersonVault {
  cipher: PiiCipher;
  /** The province's person-key secret, shared with every service. */
  personKeySecret: string;
}

/** A person's personal data in the clear. */
export interface PersonPii {
  idNumber: string;
  name: string;
  phone?: string | null | undefined;
}

/** The same, sealed: the columns a service stores (its phone column may be named otherwise). */
export interface SealedPii {
  idNumberEnc: string;
  nameEnc: string;
  phoneEnc?: string | null | undefined;
}

/** The person key of an ID number. */
export const personKeyFor = (vault: PersonVault, idNumber: string): string =>
  personKeyOf(idNumber, vault.personKeySecret);

/** Encrypts the ID number and name, and the phone when there is one (else null). */
export function sealPii(
  cipher: PiiCipher,
  pii: PersonPii,
): { idNumberEnc: string; nameEnc: string; phoneEnc: string | null } {
  return {
    idNumberEnc: cipher.encrypt(pii.idNumber),
    nameEnc: cipher.encrypt(pii.name),
    phoneEnc: pii.phone ? cipher.encrypt(pii.phone) : null,
  };
}

/** A person's row to store: their person key and their sealed personal data. */
export function sealPerson(vault: PersonVault, pii: PersonPii) {
  return { personKey: personKeyFor(vault, pii.idNumber), ...sealPii(vault.cipher, pii) };
}

/** Decrypts what sealPii sealed; phone is null when none was sealed. */
export function openPii(
  cipher: PiiCipher,
  sealed: SealedPii,
): { idNumber: string; name: string; phone: string | null } {
  return {
    idNumber: cipher.decrypt(sealed.idNumberEnc),
    name: cipher.decrypt(sealed.nameEnc),
    phone: sealed.phoneEnc ? cipher.decrypt(sealed.phoneEnc) : null,
  };
}

/** The person as the contract's records carry them (PersonRef's key, ID number and name), decrypted. */
export function openPersonRef(
  cipher: PiiCipher,
  sealed: { personKey: string; idNumberEnc: string; nameEnc: string },
): { key: string; idNumber: string; name: string } {
  const { idNumber, name } = openPii(cipher, sealed);
  return { key: sealed.personKey, idNumber, name };
}

/**
 * For display: 3502**********123X, 张**, 138****1234. The ID number and name masked, the phone too
 * when there is one; every other field kept as it is.
 */
export function maskPii<P extends PersonPii>(pii: P): P {
  return {
    ...pii,
    idNumber: maskResidentId(pii.idNumber),
    name: maskName(pii.name),
    ...(pii.phone ? { phone: maskMobile(pii.phone) } : {}),
  };
}

/** Decrypted only to be masked: the clear values never leave this function. */
export const openMasked = (cipher: PiiCipher, sealed: SealedPii) => maskPii(openPii(cipher, sealed));

/** A value PiiCipher sealed ("v1.<nonce>.<tag>.<ciphertext>"). */
export const isSealed = (value: unknown): value is string =>
  typeof value === "string" && /^v1\.[\w-]+\.[\w-]+\.[\w-]*$/.test(value);

/**
 * A copy of `data` with the values at `paths` sealed: dot paths, "*" for every element of an array
 * (personalPaths of @pes/schemas). A record kept as JSON keeps its other fields in clear for queries.
 * A value sealed already is left as it is, so a stored record can be stored again.
 */
export function sealPaths<T>(cipher: PiiCipher, data: T, paths: readonly string[]): T {
  return mapPaths(data, paths, (v) => (typeof v === "string" && !isSealed(v) ? cipher.encrypt(v) : v));
}

/** The reverse of sealPaths; a clear value (a row stored before its paths were sealed) stays as it is. */
export function openPaths<T>(cipher: PiiCipher, data: T, paths: readonly string[]): T {
  return mapPaths(data, paths, (v) => (isSealed(v) ? cipher.decrypt(v) : v));
}

/** A contract record (by its type's name, e.g. "job-seeker-registration") with its personal data sealed. */
export const sealRecord = <T>(cipher: PiiCipher, type: string, data: T): T =>
  sealPaths(cipher, data, personalPathsOf(type));

/** A record sealRecord sealed, opened. */
export const openRecord = <T>(cipher: PiiCipher, type: string, data: T): T =>
  openPaths(cipher, data, personalPathsOf(type));

function mapPaths<T>(data: T, paths: readonly string[], f: (value: unknown) => unknown): T {
  let out: unknown = data;
  for (const path of paths) out = mapPath(out, path.split("."), f);
  return out as T;
}

/** Copies only along the path; whatever is missing on the way is left missing. */
function mapPath(node: unknown, [head, ...rest]: string[], f: (value: unknown) => unknown): unknown {
  if (head === undefined) return node === undefined || node === null ? node : f(node);
  if (head === "*") return Array.isArray(node) ? node.map((e) => mapPath(e, rest, f)) : node;
  if (node === null || typeof node !== "object" || Array.isArray(node) || !(head in node)) return node;
  const object = node as Record<string, unknown>;
  return { ...object, [head]: mapPath(object[head], rest, f) };
}
