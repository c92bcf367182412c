import { createKafka, createProducer, OutboxRelay } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import type { Config } from "../env.js";
import { SERVICE } from "../env.js";

/**
 * The market's Kafka side: the relay that publishes its outbox to pes.gig.events. Started after the
 * HTTP server, stopped before the database closes.
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
