import { sourceOf } from "@pes/schemas";
import { sm2Sign, type Trust, trustFromEnv } from "@pes/sync";
import type { CheckpointSigner } from "./use-cases/evidence/checkpoint.js";
import type { ExportHeader } from "./use-cases/evidence/export.js";

/**
 * The hub's trust (docs/adr/0006): its keys and everyone's public keys, from PES_KEYS and
 * PES_KEY_REGISTRY (or KAFKA_CREDENTIALS) unless given. The hub refuses to start with keys that cannot
 * sign as the province (every flow-back, voucher event and instruction is signed as /province) or
 * cannot open what the cities and markets seal for it.
 */
export function provinceTrust(given?: Trust): Trust {
  const trust = given ?? trustFromEnv(process.env);
  const province = sourceOf.province();
  const signing = trust.ring.signingKey(province);
  if (!signing)
    throw new Error(
      `the hub's keys cannot sign as ${province} (PES_KEYS holds ${trust.ring.sources().join(", ") || "no party"})`,
    );
  const registered = trust.registry.key(signing.id);
  if (registered?.source !== province || registered.use !== "sig")
    throw new Error(
      `the hub's signing key ${signing.id} is not registered for ${province} (PES_KEY_REGISTRY)`,
    );
  const sealedFor = trust.registry.encryptionKeyOf(province);
  if (!sealedFor || !trust.ring.decryptionKey(sealedFor.id))
    throw new Error(
      `the hub's keys cannot open what is sealed for ${province}: it holds no private key of ${sealedFor?.id ?? "a registered encryption key"}`,
    );
  return trust;
}

/** The hub's checkpoint signer for its evidence log: its current signing key as the province. */
export function evidenceSigner(trust: Trust): CheckpointSigner {
  const key = trust.ring.signingKey(sourceOf.province());
  if (!key) throw new Error(`the hub's keys cannot sign as ${sourceOf.province()}`);
  return { keyId: key.id, sign: (statement) => sm2Sign(statement, key) };
}

/** What an exported evidence log names as the hub and its keys (the registry's public keys). */
export const evidenceHeader = (trust: Trust): ExportHeader => ({
  source: sourceOf.province(),
  publicKeyOf: (id) => {
    const key = trust.registry.key(id);
    return key?.source === sourceOf.province() && key.use === "sig" ? key.publicKey : undefined;
  },
});
