#!/usr/bin/env tsx
// Provisions the topic catalogue and the ACLs derived from it on KAFKA_BROKERS, as pes-admin
// (KAFKA_CREDENTIALS): pnpm --filter @pes/sync provision [--cities a,b] [--markets a,b] [--no-acls]
import { parseArgs } from "node:util";
import { brokersFromEnv, createKafka } from "../kafka.js";
import { DEFAULT_MARKETS, provisionAcls, provisionTopics } from "../provision.js";

const { values } = parseArgs({
  options: { cities: { type: "string" }, markets: { type: "string" }, "no-acls": { type: "boolean" } },
});
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
  if (!values["no-acls"]) {
    const acls = await provisionAcls(admin, { cities: list(values.cities), markets });
    console.log(
      `[provision] ACLs of ${acls.principals} principals: ${acls.created} created, ${acls.deleted} removed`,
    );
  }
} finally {
  await admin.disconnect();
}
