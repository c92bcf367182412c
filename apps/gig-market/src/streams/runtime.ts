import { type PiiCipher, type StreamsSpec, startStreams } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
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
 * pes.gig.{market}.events, and the consumer of every served market's flow-back. Started before the
 * HTTP server listens, stopped before the database closes.
 */
export function gigStreams(
  config: Pick<Config, "consumerGroup">,
  cipher: PiiCipher,
  opts: { refreshMs?: number } = {},
): StreamsSpec {
  return { relay, consumers: [new FlowbackConsumer({ cipher, groupId: config.consumerGroup, ...opts })] };
}

/** For the tests: the relay alone. */
export function startRelay(
  config: Pick<Config, "kafkaBrokers">,
  db: DatabaseHandle,
  onError: (e: unknown) => void,
) {
  return startStreams({
    kafka: { brokers: config.kafkaBrokers, clientId: SERVICE },
    db: db.db,
    relay,
    onError,
  });
}

/** For the tests: the flow-back consumer alone. */
export async function startFlowback(
  config: Pick<Config, "kafkaBrokers" | "consumerGroup">,
  db: DatabaseHandle,
  cipher: PiiCipher,
  onError: (e: unknown) => void,
  opts: { refreshMs?: number } = {},
) {
  const consumer = new FlowbackConsumer({ cipher, groupId: config.consumerGroup, ...opts });
  const streams = await startStreams({
    kafka: { brokers: config.kafkaBrokers, clientId: SERVICE },
    db: db.db,
    consumers: [consumer],
    onError,
  });
  return { consumer, close: () => streams.close() };
}
