import { topics } from "@pes/schemas";
import { flowbackReceipts, type StreamsSpec, startStreams as startKafkaStreams } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import type { Services } from "../context.js";
import type { Config } from "../env.js";
import { clientIdOf } from "../services.js";
import { flowbackHandler } from "./flowback.js";

/**
 * The node's Kafka side: the relay that publishes its outbox (signing as the city), and the consumer
 * that applies its city's flow-back (only what the province signed and sealed for this city; the
 * rest is dead-lettered with the reason) and acknowledges each record with a receipt. Started before the HTTP server listens, stopped before the
 * database closes.
 */
export function cityStreams(
  config: Pick<Config, "cityCode" | "consumerGroup">,
  services: Pick<Services, "vault" | "publisher" | "trust">,
): StreamsSpec {
  const { cityCode } = config;
  // What it applies and what it refuses are acknowledged to the hub (docs/adr/0007).
  const receipts = flowbackReceipts(services.trust);
  return {
    relay: {},
    trust: services.trust,
    consumers: [
      {
        groupId: config.consumerGroup,
        topics: [topics.flowbackCity(cityCode)],
        handle: flowbackHandler({ cityCode, vault: services.vault, publisher: services.publisher, receipts }),
        onRefused: receipts.refused,
      },
    ],
  };
}

/** The same streams on their own, for the tests: on `db`, in group `groupId` (default city-node-<city>). */
export function startStreams(
  config: Pick<Config, "cityCode" | "kafkaBrokers">,
  db: DatabaseHandle,
  services: Pick<Services, "vault" | "publisher" | "trust">,
  onError: (e: unknown) => void,
  opts: { groupId?: string } = {},
) {
  const consumerGroup = opts.groupId ?? `city-node-${config.cityCode}`;
  return startKafkaStreams({
    ...cityStreams({ ...config, consumerGroup }, services),
    kafka: { brokers: config.kafkaBrokers, clientId: clientIdOf(config) },
    db: db.db,
    onError,
  });
}
