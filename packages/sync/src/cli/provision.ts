#!/usr/bin/env tsx
// Provisions the topic catalogue on KAFKA_BROKERS: pnpm --filter @pes/sync provision [--markets a,b]
import { parseArgs } from "node:util";
import { brokersFromEnv, createKafka } from "../kafka.js";
import { DEFAULT_MARKETS, provisionTopics } from "../provision.js";

const { values } = parseArgs({ options: { cities: { type: "string" }, markets: { type: "string" } } });
const list = (v: string | undefined) =>
  v
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const markets = list(values.markets) ?? list(process.env.PES_GIG_MARKETS) ?? DEFAULT_MARKETS;

const admin = createKafka({ brokers: brokersFromEnv(), clientId: "pes-provision" }).admin();
await admin.connect();
try {
  const result = await provisionTopics(admin, { cities: list(values.cities), markets });
  console.log(
    `[provision] ${result.created.length} topics created, ${result.updated.length} brought in line`,
  );
} finally {
  await admin.disconnect();
}
