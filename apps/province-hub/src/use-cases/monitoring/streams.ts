import { DomainError } from "@pes/core";
import { FUJIAN_CITIES, parseTopic, topics } from "@pes/schemas";
import type { Services } from "../../context.js";
import type { HubStreams } from "../../streams/types.js";

/** The running streams as monitoring reads them; a test (or a second hub) may name its own dead-letter topic. */
export type MonitoredStreams = HubStreams & { deadLetterTopic?: string };

/** The running streams, or 503 problem+json when the hub runs without a broker. */
export function runningStreams(services: Services): MonitoredStreams {
  if (!services.streams)
    throw new DomainError("unavailable", "streams-not-running", "streams not running: the hub has no broker");
  return services.streams;
}

export const deadLetterTopicOf = (streams: MonitoredStreams) =>
  streams.deadLetterTopic ?? topics.deadLetters();

/** The city a record belongs to: from its CloudEvents source (/city/350200), else from its topic name. */
export function cityOf(source: string | undefined, topic: string | undefined): string | null {
  const fromSource = /^\/city\/(\d{6})$/.exec(source ?? "")?.[1];
  if (fromSource) return fromSource;
  return (topic && parseTopic(topic)?.city) || null;
}

export const cityName = (code: string | null) =>
  code ? ((FUJIAN_CITIES as Record<string, string>)[code] ?? null) : null;
