import { createKafka, createProducer, OutboxRelay, type PiiCipher } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import type { Config } from "../env.js";
import { SERVICE } from "../env.js";
import { FlowbackConsumer } from "../flowback/consumer.js";

/**
 * The market's Kafka side: the relay that publishes its outbox to pes.gig.events, and the consumer of
 * every served market's flow-back. Started after the HTTP server, stopped before the database closes.
 */
export async function startRelay(
  config: Pick<Config, "kafkaBrokers">,
  db: DatabaseHandle,
  onError: (e: unknown) => void,
) {
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: SERVICE });
  const producer = createProducer(kafka);
  await producer.connect();
  const relay = new OutboxRelay({ db: db.db, producer, onError });
  relay.start();
  return {
    relay,
    async close() {
      await relay.stop();
      await producer.disconnect();
    },
  };
}

/** The flow-back consumer with its own producer (dead letters) and admin (topics of new markets). */
export async function startFlowback(
  config: Pick<Config, "kafkaBrokers" | "consumerGroup">,
  db: DatabaseHandle,
  cipher: PiiCipher,
  onError: (e: unknown) => void,
  opts: { refreshMs?: number } = {},
) {
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: `${SERVICE}-flowback` });
  const producer = createProducer(kafka);
  const admin = kafka.admin();
  await producer.connect();
  await admin.connect();
  const consumer = new FlowbackConsumer({
    kafka,
    producer,
    admin,
    db: db.db,
    cipher,
    groupId: config.consumerGroup,
    onError,
    ...opts,
  });
  await consumer.start();
  return {
    consumer,
    async close() {
      await consumer.stop();
      await admin.disconnect();
      await producer.disconnect();
    },
  };
}
