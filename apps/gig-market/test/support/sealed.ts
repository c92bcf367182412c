import { sealAttributesOf, sourceOf } from "@pes/schemas";
import { testTrust } from "@pes/sync/testing";
import { SIMING } from "./principals.js";

/**
 * The deployment's test keys: it signs as any market (the tests make markets with ids of their own
 * as they go) and opens what is sealed for any of them; it knows every party's test public keys.
 */
export const gigTestTrust = () => testTrust(sourceOf.gig(SIMING.id), (s) => s.startsWith("/gig/"));

/** The province's test keys: it reads the markets' gig events and signs their flow-back. */
export const provinceTestTrust = testTrust(sourceOf.province());

/**
 * What a market publishes is sealed for the province (docs/adr/0006): an outbox row or a record on
 * pes.gig.{market}.events holds only ciphertext. The record's JSON, opened as the province opens it;
 * throws when it does not open.
 */
export function openAsProvince(
  headers: Record<string, string | Buffer | undefined> | undefined,
  value: string | Buffer | null,
): string {
  const id = headers?.ce_id?.toString() ?? "";
  const opened = provinceTestTrust.opener.open(sealAttributesOf(headers), id, value);
  if (!opened.ok) throw new Error(`the record ${id} does not open for the province: ${opened.detail}`);
  return opened.plaintext;
}
