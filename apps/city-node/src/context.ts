import type { OpenAPIHono } from "@hono/zod-openapi";
import type { KafkaProbe, Logger, ServiceEnv } from "@pes/http";
import type { Streams, Trust } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import type { StaffRole } from "./db/tables/network.js";
import type { Config } from "./env.js";
import type { Publisher } from "./streams/publish.js";
import type { PersonVault } from "./use-cases/persons/store.js";

/**
 * The app's context types: what a request carries (services, the calling staff member) and the
 * app's type. Routes, middleware and streams import these from here; app.ts only wires. This file
 * imports no route.
 */

/** The staff member a request's bearer token belongs to (c.get("caller")). */
export interface Caller {
  staffId: string;
  name: string;
  role: StaffRole;
  divisionCode: string;
  servicePointId: string | null;
}

/** What the routes use, built once in main.ts (or a test) and read from c.get("services"). */
export interface Services {
  config: Pick<Config, "cityCode" | "cityName">;
  db: Pick<DatabaseHandle, "db" | "ping">;
  kafka: Pick<KafkaProbe, "check">;
  vault: PersonVault;
  publisher: Publisher;
  /**
   * The node's keys (it signs as /city/<code> and opens what is sealed for it) and everyone's public
   * keys (it verifies the province's flow-back): docs/adr/0006.
   */
  trust: Trust;
  /** Default: a JSON-lines logger at PES_LOG_LEVEL. */
  logger?: Logger;
  /** The wall clock; "today" is always its date in China (Asia/Shanghai). Tests set it. Default: the system's. */
  clock?: () => Date;
  /** The running Kafka side (createService sets it; a test may): /metrics reads its counters. */
  streams?: Pick<Streams, "metrics">;
}

export type AppEnv = { Variables: ServiceEnv["Variables"] & { services: Services; caller: Caller } };
export type App = OpenAPIHono<AppEnv>;
