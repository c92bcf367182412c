import { type StreamsSpec, startStreams } from "@pes/sync";
import type { Services } from "../context.js";
import type { Config } from "../env.js";
import { SERVICE } from "../env.js";
import { FlowbackConsumer } from "./flowback-consumer.js";

/**
 * A market's own topic exists once it is enrolled (`pnpm enrol market <id>`); a market added later on
 * a broker where this service may create topics (a test's, a developer's) gets it on its first record.
 */
const relay = { ensureTopics: true };

/**
 * The market's Kafka side: the relay that publishes its outbox, each record on its market's own
 * pes.gig.{market}.events signed as that market, and the consumer of every served market's flow-back
 * (only what the province signed and sealed for the market is applied). Started before the HTTP
 * server listens, stopped before the database closes.
 */
export function gigStreams(
  config: Pick<Config, "consumerGroup">,
  services: Pick<Services, "cipher" | "trust">,
  opts: { refreshMs?: number } = {},
): StreamsSpec {
  return {
    relay,
    trust: services.trust,
    consumers: [new FlowbackConsumer({ cipher: services.cipher, groupId: config.consumerGroup, ...opts })],
  };
}

/** For the tests: the relay alone, signing with the services' trust. */
export function startRelay(
  config: Pick<Config, "kafkaBrokers">,
  services: Pick<Services, "db" | "trust">,
  onError: (e: unknown) => void,
) {
  return startStreams({
    kafka: { brokers: config.kafkaBrokers, clientId: SERVICE },
    db: services.db.db,
    relay,
    trust: services.trust,
    onError,
  });
}

/** For the tests: the flow-back consumer alone, verifying and opening with the services' trust. */
export async function startFlowback(
  config: Pick<Config, "kafkaBrokers" | "consumerGroup">,
  services: Pick<Services, "db" | "cipher" | "trust">,
  onError: (e: unknown) => void,
  opts: { refreshMs?: number } = {},
) {
  const consumer = new FlowbackConsumer({ cipher: services.cipher, groupId: config.consumerGroup, ...opts });
  const streams = await startStreams({
    kafka: { brokers: config.kafkaBrokers, clientId: SERVICE },
    db: services.db.db,
    consumers: [consumer],
    trust: services.trust,
    onError,
  });
  return { consumer, close: () => streams.close() };
}
