import {
  type CloudEventAttributes,
  canonicalRecord,
  headerText,
  type IncomingHeaders,
  manifestStatement,
  type SealAttributes,
  SIGNATURE_ALGORITHM,
  sealAttributesOf,
  TRUST_HEADERS,
} from "@pes/schemas";
import type { KeyRegistry, KeyRing, PrivateKeyEntry } from "./keys.js";
import { foldTo, leafHash, merkleTree } from "./merkle.js";
import { sm2Sign, sm2Verify } from "./sm2.js";

export type VerifyFailureReason = "unsigned" | "unknown-signer" | "revoked-signer" | "forged" | "altered";

/**
 * What a verified record was proven by: its leaf (SM3 of 0x00 ‖ canonical form, hex), the key that
 * signed and the Merkle root it signed, as an evidence log enters them.
 */
export interface RecordProof {
  digest: string;
  keyId: string;
  root: string;
}

export type VerifiedRecord = { ok: true; signature: string; proof: RecordProof };

/** A record's Merkle leaf, SM3(0x00 ‖ its canonical form): what its batch signature covers. */
export const recordDigest = (
  attributes: SignableRecord["attributes"],
  seal: Partial<SealAttributes>,
  value: Buffer | string,
): Buffer => leafHash(canonicalRecord(attributes, seal, value));

export interface SignableRecord {
  attributes: Pick<CloudEventAttributes, "id" | "source" | "type" | "time" | "subject">;
  seal: Partial<SealAttributes>;
  value: Buffer | string;
}

/**
 * Signs a batch with one SM2 signature over its Merkle root per source (a process speaks for one
 * party as a rule); returns each record's trust headers, in the records' order.
 */
export function signBatch(ring: KeyRing, records: readonly SignableRecord[], at = new Date()) {
  const headers: Array<Record<string, string>> = [];
  const bySource = new Map<string, number[]>();
  for (const [i, r] of records.entries())
    bySource.set(r.attributes.source, [...(bySource.get(r.attributes.source) ?? []), i]);
  for (const [source, indexes] of bySource) {
    const key = ring.signingKey(source);
    if (!key) throw new Error(`this process holds no signing key of ${source}`);
    const signed = signAs(
      key,
      indexes.map((i) => records[i]!),
      at,
    );
    indexes.forEach((i, j) => {
      headers[i] = signed[j]!;
    });
  }
  return headers;
}

function signAs(key: PrivateKeyEntry, records: readonly SignableRecord[], at: Date) {
  const { root, proofs } = merkleTree(records.map((r) => recordDigest(r.attributes, r.seal, r.value)));
  const signedAt = at.toISOString();
  const rootHex = root.toString("hex");
  const signature = sm2Sign(manifestStatement(key.id, signedAt, rootHex), key);
  return proofs.map(
    (proof): Record<string, string> => ({
      [TRUST_HEADERS.sigAlg]: SIGNATURE_ALGORITHM,
      [TRUST_HEADERS.keyId]: key.id,
      [TRUST_HEADERS.signedAt]: signedAt,
      [TRUST_HEADERS.root]: rootHex,
      [TRUST_HEADERS.signature]: signature,
      [TRUST_HEADERS.proof]: proof,
    }),
  );
}

/**
 * Verifies records against the registry: the key is the source's, usable when it signed, the
 * signature holds over the root and the record hashes to that root. A root's signature is checked
 * once: a batch's records share it.
 */
export class Verifier {
  private readonly verified = new Map<string, boolean>();
  /** Per signed root, the nodes already proven to lie under it. */
  private readonly proven = new Map<string, Set<string>>();

  constructor(private readonly registry: KeyRegistry) {}

  verify(
    attributes: SignableRecord["attributes"],
    headers: IncomingHeaders | undefined,
    value: Buffer | string | null,
    appendedAt?: Date,
  ): VerifiedRecord | { ok: false; reason: VerifyFailureReason; detail: string } {
    const h = (name: string) => headerText(headers, name);
    const [alg, keyId, signedAt, rootHex, signature] = [
      h(TRUST_HEADERS.sigAlg),
      h(TRUST_HEADERS.keyId),
      h(TRUST_HEADERS.signedAt),
      h(TRUST_HEADERS.root),
      h(TRUST_HEADERS.signature),
    ];
    const proof = h(TRUST_HEADERS.proof) ?? "";
    if (!alg || !keyId || !signedAt || !rootHex || !signature)
      return { ok: false, reason: "unsigned", detail: "the record carries no signature" };
    if (alg !== SIGNATURE_ALGORITHM)
      return { ok: false, reason: "unsigned", detail: `unknown signature algorithm ${alg}` };
    const key = this.registry.key(keyId);
    if (!key || key.use !== "sig" || key.source !== attributes.source)
      return {
        ok: false,
        reason: "unknown-signer",
        detail: `key ${keyId} is not a signing key of ${attributes.source}`,
      };
    const signed = Date.parse(signedAt);
    const refusal = refusedAt(key, signed, appendedAt);
    if (refusal) return { ok: false, reason: "revoked-signer", detail: `key ${keyId} ${refusal}` };
    if (!this.signatureHolds(manifestStatement(keyId, signedAt, rootHex), signature, key.publicKey))
      return { ok: false, reason: "forged", detail: `the signature of key ${keyId} does not verify` };
    const seal = sealAttributesOf(headers);
    const leaf = recordDigest(attributes, seal, value ?? "");
    if (!this.underRoot(leaf, proof, rootHex))
      return { ok: false, reason: "altered", detail: "the record does not hash to its signed root" };
    return { ok: true, signature, proof: { digest: leaf.toString("hex"), keyId, root: rootHex } };
  }

  /**
   * Whether the leaf's path leads to the signed root. The nodes of paths already followed to it are
   * remembered per root, so a batch's records share the upper levels: about two SM3 per record
   * instead of one per level.
   */
  private underRoot(leaf: Buffer, proof: string, rootHex: string): boolean {
    let proven = this.proven.get(rootHex);
    const folded = foldTo(leaf, proof, (hex) => hex === rootHex || proven?.has(hex) === true);
    if (!folded?.known) return false;
    if (!proven) {
      if (this.proven.size >= 1_000) this.proven.clear();
      proven = new Set();
      this.proven.set(rootHex, proven);
    }
    for (const hex of folded.path) proven.add(hex);
    return true;
  }

  private signatureHolds(statement: string, signature: string, publicKey: string): boolean {
    const id = `${statement}|${signature}`;
    let ok = this.verified.get(id);
    if (ok === undefined) {
      ok = sm2Verify(statement, signature, publicKey);
      if (this.verified.size >= 10_000) this.verified.clear();
      this.verified.set(id, ok);
    }
    return ok;
  }
}

function refusedAt(
  key: { notBefore: string; notAfter: string | null; revokedAt: string | null },
  signed: number,
  appendedAt: Date | undefined,
): string | undefined {
  if (Number.isNaN(signed)) return "signed at no valid time";
  if (key.revokedAt) {
    const revoked = Date.parse(key.revokedAt);
    if (signed >= revoked || (appendedAt && appendedAt.getTime() >= revoked))
      return `was revoked at ${key.revokedAt}`;
  }
  if (signed < Date.parse(key.notBefore)) return "was not valid yet when it signed";
  if (key.notAfter && signed >= Date.parse(key.notAfter)) return `expired at ${key.notAfter}`;
  return undefined;
}
