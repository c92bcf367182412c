import { derivedUuid } from "@pes/sync";

/*
 * Notice ids derived from what a notice is about (derivedUuid): a hub rebuilt from the log sends the
 * same notices, not new ones beside them.
 */

/** The service-needed notice of a person to a city: one per person and city, revised as the need changes. */
export const needNoticeId = (personKey: string, cityCode: string) =>
  derivedUuid(["pes-need-notice-1", personKey, cityCode]);

/** The work-needed notice of a person to a gig market. */
export const marketNeedNoticeId = (personKey: string, marketId: string) =>
  derivedUuid(["pes-market-need-notice-1", personKey, marketId]);
