import { timingSafeEqual } from "node:crypto";
import { signatureOf, WEBHOOK_HEADERS } from "./sign.js";

/** Delivery ids a receiver has already accepted, e.g. a Set, or a store kept longer than the tolerance. */
export interface SeenIds {
  has(id: string): boolean;
  add(id: string): unknown;
}

export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifyOptions {
  /** The subscription's signing secret (whsec_<base64>), as POST /v1/webhooks or its rotation returned it. */
  secret: string;
  headers: WebhookHeaders;
  /** The raw body as received: parsing and re-serialising the JSON would change the bytes signed. */
  body: string | Uint8Array;
  /** How far the timestamp may be from now, either way; default 300 s. */
  toleranceSeconds?: number;
  /** When given, an id in it is refused as a replay and an accepted id is added. */
  seen?: SeenIds;
  /** Unix seconds; for tests. */
  now?: number;
}

export type VerifyResult =
  | { ok: true; id: string; timestamp: number }
  | {
      ok: false;
      reason: "missing-headers" | "bad-signature" | "stale-timestamp" | "replayed";
      /** Set when the headers named one: a replayed id that verified can be answered 2xx without acting again. */
      id?: string;
    };

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Checks a Standard Webhooks delivery on the receiver's side: the signature (any `v1,` one of the
 * header, compared in constant time), the timestamp within the tolerance, and the id not seen before:
 * `Webhook.verify` of the `standardwebhooks` package plus replay protection and a reason for each refusal.
 */
export function verifyWebhook(opts: VerifyOptions): VerifyResult {
  const id = header(opts.headers, WEBHOOK_HEADERS.id);
  const stamp = header(opts.headers, WEBHOOK_HEADERS.timestamp);
  const signatures = header(opts.headers, WEBHOOK_HEADERS.signature);
  if (!id || !stamp || !signatures || !/^\d{1,12}$/.test(stamp))
    return { ok: false, reason: "missing-headers" };
  const timestamp = Number(stamp);
  const expected = Buffer.from(signatureOf(opts.secret, id, timestamp, opts.body));
  const matches = signatures
    .split(" ")
    .filter((s) => s.startsWith("v1,"))
    .map((s) => Buffer.from(s))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
  if (!matches) return { ok: false, reason: "bad-signature", id };
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (opts.toleranceSeconds ?? 300))
    return { ok: false, reason: "stale-timestamp", id };
  if (opts.seen?.has(id)) return { ok: false, reason: "replayed", id };
  opts.seen?.add(id);
  return { ok: true, id, timestamp };
}
