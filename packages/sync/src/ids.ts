import { createHash } from "node:crypto";

/**
 * A UUID (version 8) derived from `parts` with SM3: the same parts give the same id wherever and
 * however often it is derived again (a receipt, a notice sent anew by a hub rebuilt from the log).
 */
export function derivedUuid(parts: readonly string[]): string {
  const bytes = createHash("sm3").update(parts.join("\n")).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
