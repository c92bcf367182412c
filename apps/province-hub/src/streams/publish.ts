import { type DefinedRecord, sourceOf, topics } from "@pes/schemas";
import { type Publication, writeToOutbox } from "@pes/sync";
import type { Database } from "@pes/sync/db";

/**
 * What the hub sends back down (数据回流), through its outbox in the caller's transaction: to one
 * city's flow-back topic or one gig market's, always as the province.
 */
export const flowback = {
  cityPublication(cityCode: string, definition: DefinedRecord, data: unknown): Publication {
    return { definition, data, topic: topics.flowbackCity(cityCode), source: sourceOf.province() };
  },
  marketPublication(marketId: string, definition: DefinedRecord, data: unknown): Publication {
    return { definition, data, topic: topics.flowbackGig(marketId), source: sourceOf.province() };
  },
  toCity(tx: Database, cityCode: string, definition: DefinedRecord, data: unknown) {
    return writeToOutbox(tx, [flowback.cityPublication(cityCode, definition, data)]);
  },
  toMarket(tx: Database, marketId: string, definition: DefinedRecord, data: unknown) {
    return writeToOutbox(tx, [flowback.marketPublication(marketId, definition, data)]);
  },
};
