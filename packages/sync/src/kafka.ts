import { Kafka, type KafkaConfig, type logCreator, logLevel, Partitioners, type Producer } from "kafkajs";

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  /** Connection and request limits; the defaults suit a broker on loopback or in one data centre. */
  connectionTimeout?: number;
  retry?: KafkaConfig["retry"];
}

/** KAFKA_BROKERS as a list; unset → the local broker that infra/kafka/kafka.sh starts. */
export function brokersFromEnv(value = process.env.KAFKA_BROKERS): string[] {
  return (value ?? "127.0.0.1:19092")
    .split(",")
    .map((b) => b.trim())
    .filter(Boolean);
}

export function createKafka(opts: KafkaOptions): Kafka {
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
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
