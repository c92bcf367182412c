import { type CipherGCMTypes, createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { SEAL_ALGORITHM, type SealAttributes } from "@pes/schemas";
import type { KeyRegistry, KeyRing } from "./keys.js";
import { sm2Decrypt, sm2Encrypt } from "./sm2.js";

// Node's typings know GCM only by the AES names; OpenSSL gives SM4-GCM the same interface.
const SM4_GCM = "sm4-gcm" as CipherGCMTypes;

/** Why a sealed record could not be opened: the dead-letter reasons of docs/adr/0006. */
export type OpenFailureReason = "unsealed" | "not-for-us" | "unreadable";

interface Epoch {
  recipient: string;
  dataKey: Buffer;
  wrappedKey: string;
  until: number;
  left: number;
}

/**
 * Seals record values for their receiver: SM4-GCM under a data key kept per receiver for an epoch,
 * the key wrapped once with SM2 for the receiver's current encryption key. The AAD is the event id,
 * so a sealed value cannot be moved onto another event.
 */
export class Sealer {
  private readonly epochs = new Map<string, Epoch>();

  constructor(
    private readonly registry: KeyRegistry,
    private readonly opts: { epochMs?: number; epochRecords?: number } = {},
  ) {}

  seal(receiver: string, eventId: string, plaintext: string): SealAttributes & { value: string } {
    const epoch = this.epochFor(receiver);
    const nonce = randomBytes(12);
    const cipher = createCipheriv(SM4_GCM, epoch.dataKey, nonce);
    cipher.setAAD(Buffer.from(eventId, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return {
      sealAlg: SEAL_ALGORITHM,
      recipient: epoch.recipient,
      wrappedKey: epoch.wrappedKey,
      nonce: nonce.toString("hex"),
      value: body.toString("base64"),
    };
  }

  private epochFor(receiver: string): Epoch {
    const now = Date.now();
    const key = this.registry.encryptionKeyOf(receiver);
    if (!key) throw new Error(`no encryption key is registered for ${receiver}`);
    const held = this.epochs.get(receiver);
    if (held && held.recipient === key.id && held.until > now && held.left > 0) {
      held.left--;
      return held;
    }
    const dataKey = randomBytes(16);
    const epoch: Epoch = {
      recipient: key.id,
      dataKey,
      wrappedKey: sm2Encrypt(dataKey, key.publicKey),
      until: now + (this.opts.epochMs ?? 10 * 60_000),
      left: (this.opts.epochRecords ?? 100_000) - 1,
    };
    this.epochs.set(receiver, epoch);
    return epoch;
  }
}

/** Opens what was sealed for one of this party's encryption keys; each wrapped key is unwrapped once. */
export class Opener {
  private readonly unwrapped = new Map<string, Buffer>();

  constructor(private readonly ring: KeyRing) {}

  open(
    seal: Partial<SealAttributes>,
    eventId: string,
    value: Buffer | string | null,
  ): { ok: true; plaintext: string } | { ok: false; reason: OpenFailureReason; detail: string } {
    if (!seal.sealAlg) return { ok: false, reason: "unsealed", detail: "the record is not sealed" };
    if (seal.sealAlg !== SEAL_ALGORITHM)
      return { ok: false, reason: "unreadable", detail: `unknown seal algorithm ${seal.sealAlg}` };
    const privateKey = seal.recipient ? this.ring.decryptionKey(seal.recipient) : undefined;
    if (!privateKey)
      return { ok: false, reason: "not-for-us", detail: `sealed for key ${seal.recipient ?? "(none)"}` };
    try {
      const dataKey = this.dataKey(seal.wrappedKey ?? "", privateKey);
      const body = Buffer.from(value === null ? "" : value.toString(), "base64");
      if (body.length < 16) throw new Error("too short");
      const decipher = createDecipheriv(SM4_GCM, dataKey, Buffer.from(seal.nonce ?? "", "hex"));
      decipher.setAAD(Buffer.from(eventId, "utf8"));
      decipher.setAuthTag(body.subarray(body.length - 16));
      const plain = Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
      return { ok: true, plaintext: plain.toString("utf8") };
    } catch {
      return { ok: false, reason: "unreadable", detail: "the sealed value does not open (key or tag)" };
    }
  }

  private dataKey(wrapped: string, privateKey: string): Buffer {
    let key = this.unwrapped.get(wrapped);
    if (!key) {
      key = sm2Decrypt(wrapped, privateKey);
      if (key.length !== 16) throw new Error("the wrapped key is not an SM4 key");
      if (this.unwrapped.size >= 1_000) this.unwrapped.clear();
      this.unwrapped.set(wrapped, key);
    }
    return key;
  }
}
