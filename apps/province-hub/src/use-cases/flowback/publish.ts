import { type DefinedRecord, sourceOf, topics } from "@pes/schemas";
import type { Publication, Sealer, TraceHeaders } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { sendWithEvidence } from "../evidence/log.js";

const publication = (topic: string, definition: DefinedRecord, data: unknown, trace?: TraceHeaders) => ({
  definition,
  data,
  topic,
  source: sourceOf.province(),
  ...(trace ? { trace } : {}),
});

/**
 * What the hub sends back down (数据回流), through its outbox in the caller's transaction: to one
 * city's flow-back topic or one gig market's, always as the province, sealed for that city or market
 * (`sealer`, the hub's trust's). The outbox is the use cases' own (ADR 0004); the relay in streams/
 * signs it and carries it to Kafka.
 *
 * `trace` is that of the record the message answers (AppliedRecord.trace) when the hub writes it
 * while ingesting a chunk: the chunk's active span is only its first record's. Elsewhere (a request,
 * a scheduled job) it is left out and the active trace is taken.
 */
export const flowback = {
  cityPublication: (
    cityCode: string,
    definition: DefinedRecord,
    data: unknown,
    trace?: TraceHeaders,
  ): Publication => publication(topics.flowbackCity(cityCode), definition, data, trace),
  marketPublication: (
    marketId: string,
    definition: DefinedRecord,
    data: unknown,
    trace?: TraceHeaders,
  ): Publication => publication(topics.flowbackGig(marketId), definition, data, trace),
  toCity(
    tx: Database,
    sealer: Sealer,
    cityCode: string,
    definition: DefinedRecord,
    data: unknown,
    trace?: TraceHeaders,
  ) {
    return sendWithEvidence(tx, [flowback.cityPublication(cityCode, definition, data, trace)], sealer);
  },
  toMarket(
    tx: Database,
    sealer: Sealer,
    marketId: string,
    definition: DefinedRecord,
    data: unknown,
    trace?: TraceHeaders,
  ) {
    return sendWithEvidence(tx, [flowback.marketPublication(marketId, definition, data, trace)], sealer);
  },
};
