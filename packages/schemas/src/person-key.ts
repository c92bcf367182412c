import { createHmac } from "node:crypto";

/**
 * The person key: a keyed pseudonym of the resident ID number (HMAC-SM3 by default, HMAC-SHA256 where
 * SM3 is not available). It is the Kafka message key and the join key across cities; the clear ID
 * never serves as a key. The secret is the province's, shared with every node through config.
 */
export type PersonKeyAlgorithm = "sm3" | "sha256";

export function personKeyOf(idNumber: string, secret: string, algorithm: PersonKeyAlgorithm = "sm3"): string {
  if (secret.length < 16) throw new Error("person-key secret must be at least 16 characters");
  return `pk_${createHmac(algorithm, secret).update(idNumber.toUpperCase()).digest("base64url").slice(0, 32)}`;
}

export const PERSON_KEY_PATTERN = /^pk_[A-Za-z0-9_-]{32}$/;
