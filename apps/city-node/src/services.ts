import { createKafkaProbe } from "@pes/http";
import { PiiCipher } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import type { Services } from "./context.js";
import type { Config } from "./env.js";
import { publisherFor } from "./streams/publish.js";

/** The services the routes read, from the config and an open database. */
export function buildServices(
  config: Config,
  db: DatabaseHandle,
  kafka = createKafkaProbe({ clientId: `city-node-${config.cityCode}`, brokers: config.kafkaBrokers }),
): Services {
  return {
    config,
    db,
    kafka,
    vault: { cipher: new PiiCipher(config.piiKey), personKeySecret: config.personKeySecret },
    publisher: publisherFor(config.cityCode),
  };
}
