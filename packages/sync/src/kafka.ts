import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Kafka, type KafkaConfig, type logCreator, logLevel, Partitioners, type Producer } from "kafkajs";

/** Mutual TLS to the broker: the province CA that signed the broker, this node's certificate and key (PEM). */
export interface KafkaTls {
  ca: string;
  cert: string;
  key: string;
}

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  /** Connection and request limits; the defaults suit a broker on loopback or in one data centre. */
  connectionTimeout?: number;
  retry?: KafkaConfig["retry"];
  /** Mutual TLS; undefined → from the environment (kafkaTlsFromEnv); null → plaintext (refused in production). */
  tls?: KafkaTls | null;
}

/** The default broker: the secured one infra/kafka/kafka.sh starts (instance "local"). */
export const DEFAULT_KAFKA_BROKERS = "127.0.0.1:19094";

/** The TLS variables, as paths: KAFKA_CREDENTIALS, or KAFKA_TLS_CA + KAFKA_TLS_CERT + KAFKA_TLS_KEY. */
export interface KafkaTlsEnv {
  KAFKA_CREDENTIALS?: string | undefined;
  KAFKA_TLS_CA?: string | undefined;
  KAFKA_TLS_CERT?: string | undefined;
  KAFKA_TLS_KEY?: string | undefined;
}

/**
 * The paths of a node's credentials: KAFKA_CREDENTIALS, a folder holding ca.pem, cert.pem and key.pem
 * (what `pnpm enrol` hands out), or each file on its own (KAFKA_TLS_CA, KAFKA_TLS_CERT, KAFKA_TLS_KEY;
 * these win over the folder's). Undefined when none is set; throws when only some are.
 */
export function kafkaTlsPaths(env: KafkaTlsEnv): { ca: string; cert: string; key: string } | undefined {
  const folder = env.KAFKA_CREDENTIALS || undefined;
  const ca = env.KAFKA_TLS_CA || (folder && join(folder, "ca.pem"));
  const cert = env.KAFKA_TLS_CERT || (folder && join(folder, "cert.pem"));
  const key = env.KAFKA_TLS_KEY || (folder && join(folder, "key.pem"));
  if (!ca && !cert && !key) return undefined;
  if (!ca || !cert || !key) {
    throw new Error(
      "Kafka TLS needs KAFKA_CREDENTIALS, or all three of KAFKA_TLS_CA, KAFKA_TLS_CERT and KAFKA_TLS_KEY",
    );
  }
  return { ca, cert, key };
}

/** Reads the credentials named by the environment (kafkaTlsPaths); undefined when none is named. */
export function kafkaTlsFromEnv(
  env: KafkaTlsEnv & { NODE_ENV?: string | undefined } = process.env,
): KafkaTls | undefined {
  const paths = kafkaTlsPaths(env);
  if (!paths) return undefined;
  for (const [name, path] of Object.entries(paths)) {
    if (!existsSync(path)) throw new Error(`Kafka TLS ${name} file not found: ${path}`);
  }
  return {
    ca: readFileSync(paths.ca, "utf8"),
    cert: readFileSync(paths.cert, "utf8"),
    key: readFileSync(paths.key, "utf8"),
  };
}

/** The kafkajs `ssl` option for `tls`; plaintext (false) is refused when NODE_ENV=production. */
export function kafkaSsl(
  tls: KafkaTls | null | undefined,
  nodeEnv = process.env.NODE_ENV,
): KafkaConfig["ssl"] {
  const resolved = tls === undefined ? kafkaTlsFromEnv() : tls;
  if (!resolved) {
    if (nodeEnv === "production") {
      throw new Error("Kafka without TLS is refused in production: set KAFKA_CREDENTIALS (README, Security)");
    }
    return false;
  }
  return { ca: [resolved.ca], cert: resolved.cert, key: resolved.key, rejectUnauthorized: true };
}

/** KAFKA_BROKERS as a list; unset → the local broker that infra/kafka/kafka.sh starts. */
export function brokersFromEnv(value = process.env.KAFKA_BROKERS): string[] {
  return (value ?? DEFAULT_KAFKA_BROKERS)
    .split(",")
    .map((b) => b.trim())
    .filter(Boolean);
}

export function createKafka(opts: KafkaOptions): Kafka {
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    ssl: kafkaSsl(opts.tls),
    connectionTimeout: opts.connectionTimeout ?? 3000,
    retry: opts.retry ?? { initialRetryTime: 200, retries: 8 },
    logLevel: logLevel.ERROR,
    logCreator: jsonLogCreator,
  });
}

/**
 * kafkajs logs metadata and errors, never message contents. A broker's error response on one
 * connection ("coordinator loading", "not leader") is retried by the client and only noise;
 * a failure that lasts reaches the caller as a thrown error.
 */
const jsonLogCreator: logCreator =
  () =>
  ({ namespace, level, log }) => {
    if (namespace === "Connection") return;
    const { message, timestamp, ...extra } = log;
    console.error(
      JSON.stringify({
        time: timestamp,
        level: logLevel[level]?.toLowerCase(),
        logger: `kafkajs.${namespace}`,
        message,
        ...extra,
      }),
    );
  };

/**
 * The idempotent producer with acks=all that every publisher uses. kafkajs calls idempotence
 * experimental and loses records under concurrent sends (kafkajs#1005): callers send one batch
 * at a time and consumers deduplicate through their inbox.
 */
export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}
