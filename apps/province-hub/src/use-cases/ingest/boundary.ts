import { parseTopic, personKeyOf } from "@pes/schemas";
import { type IncomingEvent, RejectedRecordError } from "@pes/sync";
import { declaredValueProblem } from "../../domain/indicators/declared-bounds.js";

/**
 * Each node publishes only as itself: a city topic carries that city's source and city code, a gig
 * market's topic that market's source and market id. A person key must be the province's pseudonym
 * of the ID number it travels with, or persons would merge wrongly across cities.
 */
export function assertTrustworthy(event: IncomingEvent, personKeySecret: string): void {
  const topic = parseTopic(event.topic);
  const { source } = event.attributes;
  const data = event.data as {
    cityCode?: string;
    marketId?: string;
    person?: { key: string; idNumber: string };
  };
  if (topic?.city) {
    if (source !== `/city/${topic.city}`)
      throw new RejectedRecordError(
        `source ${source} may not publish on ${event.topic}`,
        "ce_source",
        "source-mismatch",
      );
    if (data.cityCode !== topic.city)
      throw new RejectedRecordError(
        `a record of city ${data.cityCode} on ${event.topic}`,
        "cityCode",
        "city-mismatch",
      );
  } else if (topic?.family.name === "gigEvents" && topic.market) {
    if (source !== `/gig/${topic.market}`)
      throw new RejectedRecordError(
        `source ${source} may not publish on ${event.topic}`,
        "ce_source",
        "source-mismatch",
      );
    if (data.marketId !== topic.market)
      throw new RejectedRecordError(
        `a record of market ${data.marketId} on ${event.topic}`,
        "marketId",
        "market-mismatch",
      );
  } else {
    throw new RejectedRecordError(`the hub does not ingest ${event.topic}`, undefined, "not-ingested");
  }
  if (data.person && personKeyOf(data.person.idNumber, personKeySecret) !== data.person.key) {
    throw new RejectedRecordError(
      "the person key is not the province's pseudonym of the ID number",
      "person.key",
      "person-key-mismatch",
    );
  }
  if (event.definition.name === "declared-indicator-value") {
    const { indicatorCode, value } = event.data as { indicatorCode: string; value: number };
    // The same bounds as POST /v1/declarations: a node's declaration is no less checked than an operator's.
    const problem = declaredValueProblem(indicatorCode, value);
    if (problem) throw new RejectedRecordError(`value ${problem}`, "value", "declared-value-out-of-bounds");
  }
}
