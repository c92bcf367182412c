import { createHash } from "node:crypto";
import { type TopicFamily, topicFamilies } from "./catalogue.js";
import { type CloudEventAttributes, headerText, type IncomingHeaders, sourceOf } from "./envelope.js";

/**
 * The trust attributes every record carries (docs/adr/0006), as CloudEvents extension attributes in
 * Kafka headers. A record is sealed for its receiver (SM2 wraps an SM4 data key; SM4-GCM encrypts the
 * value) and signed by its producer (SM2 over the root of a Merkle tree of the batch's record
 * digests, so one signature covers a batch and each record still verifies on its own).
 */
export const TRUST_HEADERS = {
  /** "SM2-SM4-GCM": how the value is sealed; absent → the value is clear (only dead letters' headers). */
  sealAlg: "ce_pesseal",
  /** The receiver's encryption key id the data key is wrapped for. */
  recipient: "ce_pesrecipient",
  /** SM2 ciphertext (C1C3C2, C1 with its 04 prefix) of the 16-byte SM4 key, hex. */
  wrappedKey: "ce_peswrappedkey",
  /** The SM4-GCM nonce, 12 bytes, hex. */
  nonce: "ce_pesnonce",
  /** "SM2-SM3": how the batch root is signed. */
  sigAlg: "ce_pessigalg",
  /** The producer's signing key id, registered for the record's source. */
  keyId: "ce_peskeyid",
  /** When the batch was signed (RFC 3339). */
  signedAt: "ce_pessignedat",
  /** The batch's Merkle root, hex. */
  root: "ce_pesroot",
  /** SM2 signature (DER, hex) of the manifest statement. */
  signature: "ce_pessig",
  /** The record's path to the root: siblings from the leaf up, "L:<hex>" or "R:<hex>", comma-separated; empty for a batch of one. */
  proof: "ce_pesproof",
} as const;

export const SEAL_ALGORITHM = "SM2-SM4-GCM";
export const SIGNATURE_ALGORITHM = "SM2-SM3";

/** The seal attributes, as the producer writes them to the outbox. */
export interface SealAttributes {
  sealAlg: string;
  recipient: string;
  wrappedKey: string;
  nonce: string;
}

export const sm3Hex = (data: string | Buffer): string => createHash("sm3").update(data).digest("hex");

/**
 * The canonical form a record's digest is taken of: fixed lines, UTF-8, "\n" between them (every
 * attribute is a single line). The value is taken as it travels, i.e. the sealed bytes' SM3.
 */
export function canonicalRecord(
  attrs: Pick<CloudEventAttributes, "id" | "source" | "type" | "time" | "subject">,
  seal: Partial<SealAttributes>,
  value: Buffer | string,
): string {
  return [
    "pes-record-1",
    attrs.id,
    attrs.source,
    attrs.type,
    attrs.time ?? "",
    attrs.subject ?? "",
    seal.sealAlg ?? "",
    seal.recipient ?? "",
    seal.wrappedKey ?? "",
    seal.nonce ?? "",
    sm3Hex(typeof value === "string" ? Buffer.from(value, "utf8") : value),
  ].join("\n");
}

/** The statement a producer signs for a batch: its key, the time, the Merkle root. */
export const manifestStatement = (keyId: string, signedAt: string, rootHex: string): string =>
  `pes-manifest-1\n${keyId}\n${signedAt}\n${rootHex}`;

export function sealAttributesOf(headers: IncomingHeaders | undefined): Partial<SealAttributes> {
  const out: Partial<SealAttributes> = {};
  for (const k of ["sealAlg", "recipient", "wrappedKey", "nonce"] as const) {
    const v = headerText(headers, TRUST_HEADERS[k]);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * The attributes a record's digest covers, read from its headers without validating them: for an
 * envelope the service made itself (its outbox) or one already refused (a dead letter).
 */
export function signedAttributesOf(
  headers: IncomingHeaders | undefined,
): Pick<CloudEventAttributes, "id" | "source" | "type" | "time" | "subject"> {
  const h = (name: string) => headerText(headers, name) ?? "";
  const subject = headerText(headers, "ce_subject");
  return {
    id: h("ce_id"),
    source: h("ce_source"),
    type: h("ce_type"),
    time: h("ce_time"),
    ...(subject === undefined ? {} : { subject }),
  };
}

/** The headers that carry a seal: the inverse of sealAttributesOf. */
export function sealHeaders(seal: SealAttributes): Record<string, string> {
  return {
    [TRUST_HEADERS.sealAlg]: seal.sealAlg,
    [TRUST_HEADERS.recipient]: seal.recipient,
    [TRUST_HEADERS.wrappedKey]: seal.wrappedKey,
    [TRUST_HEADERS.nonce]: seal.nonce,
  };
}

/** Who reads a topic's records, so whom they are sealed for; undefined for the dead letters (original bytes). */
export function receiverOf(
  family: TopicFamily,
  params: { city?: string; market?: string },
): string | undefined {
  switch (family.name) {
    case "flowbackCity":
      return sourceOf.city(params.city!);
    case "flowbackGig":
      return sourceOf.gig(params.market!);
    case "deadLetters":
      return undefined;
    default:
      return sourceOf.province();
  }
}

/** The one source that may publish on a topic: a city or market on its own topics, the province on the rest. */
export function producerOf(
  family: TopicFamily,
  params: { city?: string; market?: string },
): string | undefined {
  if (family.name === "deadLetters") return undefined;
  if (family.pattern.startsWith("pes.city.")) return sourceOf.city(params.city!);
  if (family.pattern.startsWith("pes.gig.")) return sourceOf.gig(params.market!);
  return sourceOf.province();
}

export const TRUSTED_FAMILIES: readonly TopicFamily[] = Object.values(topicFamilies).filter(
  (f) => f.name !== "deadLetters",
);
