import { fromKafkaHeaders, sealHeaders } from "@pes/schemas";
import type { KeyRing } from "./keys.js";
import type { Sealer } from "./seal.js";
import { signBatch } from "./sign.js";

/**
 * Seals each message's value for `receiver` and signs them as one batch, as the relay does: for a
 * producer that sends without an outbox (the demo's generator, a bench, a test's hand-made record).
 * A message without a CloudEvents envelope is passed on as it is.
 */
export function sealAndSign<M extends { value: string; headers?: Record<string, string> }>(
  trust: { sealer: Sealer; ring: KeyRing },
  receiver: string,
  messages: readonly M[],
): M[] {
  const sealed = messages.map((m) => {
    const attrs = m.headers && fromKafkaHeaders(m.headers);
    if (!attrs?.success) return { message: m };
    const { value, ...seal } = trust.sealer.seal(receiver, attrs.data.id, m.value);
    const headers = { ...m.headers, ...sealHeaders(seal) };
    return { message: { ...m, value, headers }, signable: { attributes: attrs.data, seal, value } };
  });
  const signable = sealed.flatMap((s) => (s.signable ? [s.signable] : []));
  const signatures = signBatch(trust.ring, signable);
  let i = 0;
  return sealed.map((s) =>
    s.signable ? { ...s.message, headers: { ...s.message.headers, ...signatures[i++] } } : s.message,
  );
}
