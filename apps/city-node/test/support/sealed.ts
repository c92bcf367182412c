import { sealAttributesOf, sourceOf } from "@pes/schemas";
import { testTrust } from "@pes/sync/testing";

/**
 * What the node publishes is sealed for the province (docs/adr/0006): an outbox row or a record on a
 * city topic holds only ciphertext. The tests read it as the province does, with its test keys.
 */
const province = testTrust(sourceOf.province());

/** The record's JSON, opened as the province opens it; throws when it does not open. */
export function openAsProvince(
  headers: Record<string, string | Buffer | undefined> | undefined,
  value: string | Buffer | null,
): string {
  const id = headers?.ce_id?.toString() ?? "";
  const opened = province.opener.open(sealAttributesOf(headers), id, value);
  if (!opened.ok) throw new Error(`the record ${id} does not open for the province: ${opened.detail}`);
  return opened.plaintext;
}
