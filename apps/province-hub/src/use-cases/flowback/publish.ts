import { type DefinedRecord, sourceOf, topics } from "@pes/schemas";
import type { Publication, TraceHeaders } from "@pes/sync";

const publication = (topic: string, definition: DefinedRecord, data: unknown, trace?: TraceHeaders) => ({
  definition,
  data,
  topic,
  source: sourceOf.province(),
  ...(trace ? { trace } : {}),
});

/**
 * What the hub sends back down (数据回流): the publications for one city's flow-back topic or one gig
 * market's, always as the province, which sendWithEvidence writes to the outbox in the caller's
 * transaction, sealed for that city or market (the hub's trust's sealer). The outbox is the use
 * cases' own (ADR 0004); the relay in streams/ signs it and carries it to Kafka.
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
};
