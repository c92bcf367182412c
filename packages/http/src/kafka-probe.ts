import { type KafkaTls, kafkaSsl } from "@pes/sync";
import { type Admin, Kafka, logLevel } from "kafkajs";

export interface KafkaProbe {
  /** Resolves when the cluster answers a metadata request; rejects within about timeoutMs otherwise. */
  check(): Promise<void>;
  close(): Promise<void>;
}

export interface KafkaProbeOptions {
  brokers: string[];
  clientId: string;
  /** Upper bound for one check, connecting included. Default 2500 ms. */
  timeoutMs?: number;
  /** Mutual TLS, as for createKafka: undefined → from the environment (KAFKA_CREDENTIALS…). */
  tls?: KafkaTls | null;
}

/**
 * Readiness of the Kafka cluster through one long-lived admin client: connected on the first check,
 * reused after, and dropped on a failure so the next check reconnects. No retries, so a broker
 * that is down fails a check at once instead of after kafkajs's back-off.
 */
export function createKafkaProbe(opts: KafkaProbeOptions): KafkaProbe {
  const timeoutMs = opts.timeoutMs ?? 2500;
  const kafka = new Kafka({
    clientId: `${opts.clientId}-probe`,
    brokers: opts.brokers,
    ssl: kafkaSsl(opts.tls),
    retry: { retries: 0 },
    connectionTimeout: Math.min(1500, timeoutMs),
    requestTimeout: timeoutMs,
    // The failure is reported by /readyz; kafkajs's own error lines would repeat it on every probe.
    logLevel: logLevel.NOTHING,
  });
  let admin: Admin | undefined;
  let connecting: Promise<Admin> | undefined;
  let closed = false;

  const connected = (): Promise<Admin> => {
    if (admin) return Promise.resolve(admin);
    connecting ??= (async () => {
      const a = kafka.admin({ retry: { retries: 0 } });
      try {
        await a.connect();
      } catch (e) {
        await a.disconnect().catch(() => {});
        throw e;
      }
      admin = a;
      return a;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  const drop = async () => {
    const a = admin;
    admin = undefined;
    await a?.disconnect().catch(() => {});
  };

  return {
    async check() {
      if (closed) throw new Error("kafka probe is closed");
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer from ${opts.brokers.join(",")} within ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      try {
        await Promise.race([
          (async () => {
            const cluster = await (await connected()).describeCluster();
            if (cluster.brokers.length === 0) throw new Error("the cluster reports no brokers");
          })(),
          timeout,
        ]);
      } catch (e) {
        await drop();
        throw e;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      closed = true;
      await connecting?.catch(() => {});
      await drop();
    },
  };
}
