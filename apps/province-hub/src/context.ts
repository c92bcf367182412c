import type { OpenAPIHono } from "@hono/zod-openapi";
import type { KafkaProbe, Logger, ServiceEnv } from "@pes/http";
import type { DatabaseHandle } from "@pes/sync/db";
import type { OperatorRole } from "./db/tables/operators.js";
import type { Config } from "./env.js";
import type { HubStreams } from "./streams/types.js";

/** What the routes use, built once in main.ts (or a test) and read from c.get("services"). */
export interface Services {
  config: Pick<Config, "personKeySecret" | "piiKey">;
  db: Pick<DatabaseHandle, "db" | "ping">;
  kafka: Pick<KafkaProbe, "check">;
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
