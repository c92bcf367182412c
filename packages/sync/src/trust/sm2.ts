import { sm2 } from "sm-crypto";

/**
 * SM2 (GM/T 0003) through sm-crypto, in the encodings the wire format names (docs/adr/0006): keys and
 * signatures in hex, public keys uncompressed with their 04 prefix, ciphertexts C1C3C2 with C1's 04
 * prefix. sm-crypto leaves that prefix out of its ciphertexts; it is added and removed here.
 */
export interface Sm2KeyPair {
  privateKey: string;
  publicKey: string;
}

const C1C3C2 = 1;

export const generateSm2KeyPair = (): Sm2KeyPair => {
  const { privateKey, publicKey } = sm2.generateKeyPairHex();
  return { privateKey, publicKey };
};

// sm-crypto has it; @types/sm-crypto does not declare it.
const { getPublicKeyFromPrivateKey } = sm2 as unknown as { getPublicKeyFromPrivateKey(k: string): string };
export const sm2PublicKeyOf = (privateKey: string): string => getPublicKeyFromPrivateKey(privateKey);

/** SM2 signature with SM3 over Z ‖ message (default user id 1234567812345678), DER, hex. */
export const sm2Sign = (message: string, key: Sm2KeyPair): string =>
  sm2.doSignature(message, key.privateKey, { hash: true, der: true, publicKey: key.publicKey });

export function sm2Verify(message: string, signatureHex: string, publicKey: string): boolean {
  try {
    return sm2.doVerifySignature(message, signatureHex, publicKey, { hash: true, der: true });
  } catch {
    return false;
  }
}

export function sm2Encrypt(plain: Buffer, publicKey: string): string {
  return `04${sm2.doEncrypt(Array.from(plain), publicKey, C1C3C2)}`;
}

/** Throws when the ciphertext cannot be opened with this key (sm-crypto answers an empty result). */
export function sm2Decrypt(cipherHex: string, privateKey: string): Buffer {
  const body = cipherHex.startsWith("04") ? cipherHex.slice(2) : cipherHex;
  const out = sm2.doDecrypt(body, privateKey, C1C3C2, { output: "array" }) as unknown as number[] | string;
  if (!Array.isArray(out) || out.length === 0) throw new Error("SM2 decryption failed");
  return Buffer.from(out);
}
