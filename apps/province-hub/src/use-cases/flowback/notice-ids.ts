import { createHash } from "node:crypto";

/**
 * A UUID (version 8) derived from `parts` with SM3: a notice keeps its id however often, and by
 * whichever hub, it is derived again (a hub rebuilt from the log sends the same notices, not new
 * ones beside them).
 */
export function derivedUuid(parts: readonly string[]): string {
  const bytes = createHash("sm3").update(parts.join("\n")).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The service-needed notice of a person to a city: one per person and city, revised as the need changes. */
export const needNoticeId = (personKey: string, cityCode: string) =>
  derivedUuid(["pes-need-notice-1", personKey, cityCode]);

/** The work-needed notice of a person to a gig market. */
export const marketNeedNoticeId = (personKey: string, marketId: string) =>
  derivedUuid(["pes-market-need-notice-1", personKey, marketId]);
