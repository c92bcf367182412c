import { createKafkaProbe } from "@pes/http";
import { PiiCipher } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import type { Services } from "./context.js";
import type { Config } from "./env.js";
import { publisherFor } from "./streams/publish.js";

/** The Kafka client id of the node's probe and streams: one per city. */
export const clientIdOf = (config: Pick<Config, "cityCode">) => `city-node-${config.cityCode}`;

/** The services the routes read, from the config and an open database. */
export function buildServices(
  config: Config,
  db: DatabaseHandle,
  kafka = createKafkaProbe({ clientId: clientIdOf(config), brokers: config.kafkaBrokers }),
): Services {
  return {
    config,
    db,
    kafka,
    vault: { cipher: new PiiCipher(config.piiKey), personKeySecret: config.personKeySecret },
    publisher: publisherFor(config.cityCode),
  };
}
