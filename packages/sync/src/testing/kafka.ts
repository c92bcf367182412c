import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Admin, Kafka } from "kafkajs";
import { setGroupAtEnd } from "../groups.js";
import {
  createKafka,
  DEFAULT_KAFKA_BROKERS,
  type KafkaOptions,
  kafkaTlsFromEnv,
  kafkaTlsPaths,
} from "../kafka.js";
import { ADMIN_PRINCIPAL, pkiDir, readCredentials } from "../pki.js";

/** The broker the tests use: KAFKA_BROKERS, or the secured local one infra/kafka/kafka.sh starts (19094). */
export const TEST_BROKERS = (process.env.KAFKA_BROKERS ?? DEFAULT_KAFKA_BROKERS).split(",");

/**
 * The tests administer the broker as pes-admin (a super user): KAFKA_CREDENTIALS (npm test sets it),
 * else the "local" instance's pes-admin credentials when they exist. Set here, in the environment, so
 * every client a test builds (createKafka, the Kafka probe, a service in the test's process or one it
 * spawns) connects with them: the one change point for every test's TLS.
 */
if (!kafkaTlsPaths(process.env)) {
  const fallback = join(pkiDir("local"), ADMIN_PRINCIPAL);
  if (existsSync(join(fallback, "cert.pem"))) process.env.KAFKA_CREDENTIALS = fallback;
}

/** The PKI folder the tests' credentials come from: PES_PKI_DIR, else the one holding KAFKA_CREDENTIALS. */
export const TEST_PKI_DIR =
  process.env.PES_PKI_DIR ??
  (process.env.KAFKA_CREDENTIALS ? dirname(process.env.KAFKA_CREDENTIALS) : pkiDir("local"));

/** Brokers and pes-admin's TLS, for createKafka({ ...TEST_KAFKA, clientId }). */
export const TEST_KAFKA: Pick<KafkaOptions, "brokers" | "tls"> = {
  brokers: TEST_BROKERS,
  tls: kafkaTlsFromEnv() ?? null,
};

/**
 * A client as `principal` (city-350200, gig-xm-siming, province-hub…), with its credentials from
 * TEST_PKI_DIR (or `folder`): for the tests of what the broker lets each node do. Few retries: a
 * refusal (not retriable) reaches the test at once.
 */
export function kafkaAs(principal: string, opts: { folder?: string; clientId?: string } = {}): Kafka {
  const creds = readCredentials(opts.folder ?? join(TEST_PKI_DIR, principal));
  return createKafka({
    brokers: TEST_BROKERS,
    clientId: opts.clientId ?? `test-as-${principal}`,
    tls: { ca: creds.ca, cert: creds.cert, key: creds.key },
    retry: { initialRetryTime: 100, retries: 5 },
  });
}

/**
 * Starts a new consumer group at the current end of every topic matching `patterns`, so a test's
 * service reads only what the test produces, not what earlier runs left on a long-lived broker
 * (records without a person key, such as vacancies, cannot be told apart by a per-run secret).
 */
export async function startGroupAtEnd(
  admin: Admin,
  groupId: string,
  patterns: ReadonlyArray<RegExp | string>,
): Promise<void> {
  await setGroupAtEnd(
    createKafka({ ...TEST_KAFKA, clientId: `test-at-end-${groupId}` }),
    admin,
    groupId,
    patterns,
  );
}
