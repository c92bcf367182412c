import type { OpenAPIHono } from "@hono/zod-openapi";
import {
  createServiceApp,
  type KafkaProbe,
  type Logger,
  registerDocs,
  registerHealthRoutes,
  type ServiceEnv,
} from "@pes/http";
import type { DatabaseHandle } from "@pes/sync/db";
import pkg from "../package.json" with { type: "json" };
import { registerConsole } from "./console/routes.js";
import type { OperatorRole } from "./db/tables/operators.js";
import { type Config, SERVICE } from "./env.js";
import { registerRoutes } from "./routes/index.js";
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

export function createApp(services: Services): App {
  const app = createServiceApp<AppEnv>({
    service: SERVICE,
    version: pkg.version,
    ...(services.logger ? { logger: services.logger } : {}),
  });
  app.use(async function injectServices(c, next) {
    c.set("services", services);
    await next();
  });
  registerHealthRoutes(app, {
    checks: { database: () => services.db.ping(), kafka: () => services.kafka.check() },
  });
  registerRoutes(app);
  registerConsole(app);
  registerDocs(app, {
    title: "Province hub · 福建省公共就业服务一库一平台",
    description:
      "The provincial hub: consumes every city's streams into the provincial database, merges persons, computes the performance indicators, monitors the streams, sends data back down (数据回流) and is the single authority of employment vouchers (就业券: issue, claim, redemption by gig markets and schools, settlement, reconciliation).",
  });
  return app;
}
