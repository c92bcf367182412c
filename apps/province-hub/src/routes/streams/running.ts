import { DomainError } from "@pes/core";
import { topics } from "@pes/schemas";
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
