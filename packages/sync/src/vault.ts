import { maskMobile, maskName, maskResidentId, personKeyOf } from "@pes/schemas";
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
