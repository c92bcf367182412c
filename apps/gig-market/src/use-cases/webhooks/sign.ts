import { createHmac, randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/**
 * Standard Webhooks (standardwebhooks.com): the signed content is `${id}.${timestamp}.${body}` (the
 * delivery id, unix seconds, the raw JSON body); the signature is `v1,<base64 HMAC-SHA256>` keyed with
 * the bytes the secret's base64 after `whsec_` stands for. Signing goes through the `standardwebhooks`
 * package itself, so what receivers verify with it is what it produced. The id and timestamp being
 * signed is what makes a replayed or re-dated request detectable.
 */
export const WEBHOOK_HEADERS = {
  id: "webhook-id",
  timestamp: "webhook-timestamp",
  signature: "webhook-signature",
} as const;

/** The scheme before Standard Webhooks, still sent to the subscriptions made then until they rotate. */
export const LEGACY_WEBHOOK_HEADERS = {
  id: "pes-webhook-id",
  timestamp: "pes-webhook-timestamp",
  signature: "pes-webhook-signature",
} as const;

export const SECRET_PREFIX = "whsec_";

/** A fresh signing secret: whsec_ and 32 random bytes in base64, as Standard Webhooks libraries read it. */
export const newWebhookSecret = () => SECRET_PREFIX + randomBytes(32).toString("base64");

/**
 * The HMAC key of a secret. Node's base64 decoder also reads base64url, the alphabet of the secrets
 * issued before Standard Webhooks, so those keep signing with the same 32 bytes.
 */
export function secretKey(secret: string): Buffer {
  const key = Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    "base64",
  );
  if (key.length === 0) throw new Error("a webhook secret must hold a base64 key after whsec_");
  return key;
}

/** `v1,<base64 HMAC-SHA256 of id.timestamp.body>` under the secret. */
export function signatureOf(
  secret: string,
  id: string,
  timestamp: number,
  body: string | Uint8Array,
): string {
  const text = typeof body === "string" ? body : Buffer.from(body).toString("utf8");
  return new Webhook(secretKey(secret), { format: "raw" }).sign(id, new Date(timestamp * 1000), text);
}

/**
 * The headers of one delivery attempt, signed with each of `secrets` (the current one first; the one a
 * rotation replaced while its window lasts), space-separated as the specification allows. With
 * `legacySecret`, also the old pes-webhook-* headers: hex HMAC keyed with the secret's text, `v1=`.
 */
export function signedHeaders(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: string,
  legacySecret?: string,
): Record<string, string> {
  const headers: Record<string, string> = {
    [WEBHOOK_HEADERS.id]: id,
    [WEBHOOK_HEADERS.timestamp]: String(timestamp),
    [WEBHOOK_HEADERS.signature]: secrets.map((s) => signatureOf(s, id, timestamp, body)).join(" "),
  };
  if (legacySecret === undefined) return headers;
  const legacy = createHmac("sha256", legacySecret).update(`${id}.${timestamp}.${body}`).digest("hex");
  return {
    ...headers,
    [LEGACY_WEBHOOK_HEADERS.id]: id,
    [LEGACY_WEBHOOK_HEADERS.timestamp]: String(timestamp),
    [LEGACY_WEBHOOK_HEADERS.signature]: `v1=${legacy}`,
  };
}
