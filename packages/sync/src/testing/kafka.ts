/** The broker the tests use: KAFKA_BROKERS, or the local one infra/kafka/kafka.sh starts. */
export const TEST_BROKERS = (process.env.KAFKA_BROKERS ?? "127.0.0.1:19092").split(",");
