import { topics } from "@pes/schemas";
import { ConsumerRunner, createKafka, createProducer, OutboxRelay, StreamMetrics } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import type { Services } from "../context.js";
import type { Config } from "../env.js";
import { flowbackHandler } from "./flowback.js";

/**
 * The node's Kafka side: the relay that publishes its outbox, and the consumer that applies its
 * city's flow-back. Started after the HTTP server, stopped before the database closes.
 */
export async function startStreams(
  config: Pick<Config, "cityCode" | "kafkaBrokers">,
  db: DatabaseHandle,
  services: Services,
  onError: (e: unknown) => void,
  opts: { groupId?: string } = {},
) {
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: `city-node-${config.cityCode}` });
  const producer = createProducer(kafka);
  await producer.connect();
  const metrics = new StreamMetrics();
  const relay = new OutboxRelay({ db: db.db, producer, metrics, onError });
  relay.start();
  const consumer = new ConsumerRunner({
    kafka,
    db: db.db,
    producer,
    metrics,
    groupId: opts.groupId ?? `city-node-${config.cityCode}`,
    topics: [topics.flowbackCity(config.cityCode)],
    handle: flowbackHandler({
      cityCode: config.cityCode,
      vault: services.vault,
      publisher: services.publisher,
    }),
    onError,
  });
  await consumer.start();
  return {
    relay,
    metrics,
    async stop() {
      await consumer.stop();
      await relay.stop();
      await producer.disconnect();
    },
  };
}
