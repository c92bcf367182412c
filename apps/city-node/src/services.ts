import { createKafkaProbe, EnvError } from "@pes/http";
import { sourceOf } from "@pes/schemas";
import { PiiCipher, type Trust, trustFromEnv } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import type { Services } from "./context.js";
import type { Config } from "./env.js";
import { publisherFor } from "./streams/publish.js";

/** The Kafka client id of the node's probe and streams: one per city. */
export const clientIdOf = (config: Pick<Config, "cityCode">) => `city-node-${config.cityCode}`;

/**
 * Refuses to run on keys that cannot sign as `source` (docs/adr/0006): the province would refuse
 * every record the node publishes (unknown-signer), so the node does not start at all.
 */
export function assertSignsAs(trust: Trust, source: string): Trust {
  const key = trust.ring.signingKey(source);
  if (!key) {
    const held = trust.ring.sources().join(", ") || "no party";
    throw new EnvError([
      {
        variable: "PES_KEYS",
        message: `holds no signing key of ${source} (the keys are ${held}'s); enrol the node (pnpm enrol) and point PES_KEYS or KAFKA_CREDENTIALS at its keys.json`,
      },
    ]);
  }
  const registered = trust.registry.key(key.id);
  if (registered?.use !== "sig" || registered.source !== source)
    throw new EnvError([
      {
        variable: "PES_KEY_REGISTRY",
        message: `does not register ${key.id} as a signing key of ${source}: the province would refuse every record it signs`,
      },
    ]);
  return trust;
}

/**
 * The services the routes read, from the config and an open database. `trust` is the node's keys
 * and the key registry, from the environment unless given (trustFromEnv: PES_KEYS, PES_KEY_REGISTRY
 * or KAFKA_CREDENTIALS); it must sign as the node's own city.
 */
export function buildServices(
  config: Config,
  db: DatabaseHandle,
  kafka = createKafkaProbe({ clientId: clientIdOf(config), brokers: config.kafkaBrokers }),
  trust: Trust = trustFromEnv(),
): Services {
  assertSignsAs(trust, sourceOf.city(config.cityCode));
  return {
    config,
    db,
    kafka,
    vault: { cipher: new PiiCipher(config.piiKey), personKeySecret: config.personKeySecret },
    publisher: publisherFor(config.cityCode, trust.sealer),
    trust,
  };
}
