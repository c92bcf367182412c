import type { OpenAPIHono } from "@hono/zod-openapi";
import type { KafkaProbe, Logger, ServiceEnv } from "@pes/http";
import type { Trust } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import type { OperatorRole } from "./db/tables/operators.js";
import type { Config } from "./env.js";
import type { HubStreams } from "./streams/types.js";

/** What the routes use, built once in main.ts (or a test) and read from c.get("services"). */
export interface Services {
  /** The receipts' overdue time: the service's config has it; a test's may leave it to the default (60). */
  config: Pick<Config, "personKeySecret" | "piiKey"> & Partial<Pick<Config, "receiptOverdueMinutes">>;
  db: Pick<DatabaseHandle, "db" | "ping">;
  kafka: Pick<KafkaProbe, "check">;
  /**
   * The province's keys and everyone's public keys (docs/adr/0006): what the hub seals its flow-back
   * and voucher events with, signs them as /province, and opens dead letters sealed for it with.
   */
  trust: Trust;
  /** The running ingest side; absent when the app runs without a broker. */
  streams?: HubStreams;
  /** Aborted when the hub stops: live streams (SSE) end so HTTP can close. */
  stopping?: AbortSignal;
  /** Default: a JSON-lines logger at PES_LOG_LEVEL. */
  logger?: Logger;
}

/** A provincial operator, set by the auth middleware on every /v1 request. */
export interface Operator {
  id: string;
  name: string;
  role: OperatorRole;
}

export type AppEnv = { Variables: ServiceEnv["Variables"] & { services: Services; operator: Operator } };
export type App = OpenAPIHono<AppEnv>;
