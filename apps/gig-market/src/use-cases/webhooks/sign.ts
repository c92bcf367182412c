import { createHmac, randomBytes } from "node:crypto";

/**
 * Signing in the Standard Webhooks style: the signed content is `${id}.${timestamp}.${body}` (the
 * delivery id, unix seconds, the raw JSON body), the signature is HMAC-SHA256 keyed with the whole
 * secret string (UTF-8), in hex, sent as `v1=<hex>`. The id and timestamp being signed is what makes
 * a replayed or re-dated request detectable.
 */
export const WEBHOOK_HEADERS = {
  id: "pes-webhook-id",
  timestamp: "pes-webhook-timestamp",
  signature: "pes-webhook-signature",
} as const;

export const SECRET_PREFIX = "whsec_";

/** A fresh signing secret: whsec_ and 32 random bytes in base64url. */
export const newWebhookSecret = () => SECRET_PREFIX + randomBytes(32).toString("base64url");

/** The hex HMAC-SHA256 of `${id}.${timestamp}.${body}` under the secret. */
export function signatureOf(
  secret: string,
  id: string,
  timestamp: number,
  body: string | Uint8Array,
): string {
  return createHmac("sha256", secret)
    .update(`${id}.${timestamp}.`)
    .update(typeof body === "string" ? Buffer.from(body, "utf8") : body)
    .digest("hex");
}

/** The three headers of one delivery attempt. */
export function signedHeaders(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
): Record<string, string> {
  return {
    [WEBHOOK_HEADERS.id]: id,
    [WEBHOOK_HEADERS.timestamp]: String(timestamp),
    [WEBHOOK_HEADERS.signature]: `v1=${signatureOf(secret, id, timestamp, body)}`,
  };
}
