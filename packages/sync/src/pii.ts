import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

const VERSION = "v1";

/**
 * Field encryption for personal data at rest: AES-256-GCM with a random 96-bit nonce per value,
 * stored as "v1.<nonce>.<tag>.<ciphertext>" in base64url. The version prefix lets a later key or
 * algorithm (SM4) be introduced without rewriting every row at once.
 */
export class PiiCipher {
  private readonly key: Buffer;
  private readonly fingerprintKey: Buffer;

  constructor(keyBase64: string) {
    this.key = Buffer.from(keyBase64, "base64");
    if (this.key.length !== 32) throw new Error("the personal-data key must be 32 bytes, base64-encoded");
    // Its own key, derived: a fingerprint never reveals anything of the encryption key.
    this.fingerprintKey = createHmac("sm3", this.key).update("pes-pii-fingerprint").digest();
  }

  /**
   * A keyed digest (HMAC-SM3) of a value: equal values give equal fingerprints, so a change can be told
   * without keeping the value; unlike a plain hash, a phone number cannot be found from it by trying them all.
   */
  fingerprint(plain: string): string {
    return `f1.${createHmac("sm3", this.fingerprintKey).update(plain, "utf8").digest("base64url")}`;
  }

  encrypt(plain: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, nonce);
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return [VERSION, nonce, cipher.getAuthTag(), body]
      .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
      .join(".");
  }

  decrypt(stored: string): string {
    const [version, nonce, tag, body] = stored.split(".");
    if (version !== VERSION || !nonce || !tag || body === undefined)
      throw new Error("unreadable encrypted value");
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(nonce, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  }
}
