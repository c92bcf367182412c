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
import type { Caller } from "./auth/tokens.js";
import { type Config, SERVICE } from "./env.js";
import type { PersonVault } from "./persons/store.js";
import { registerRoutes } from "./routes/index.js";
import type { Publisher } from "./streams/publish.js";

/** What the routes use, built once in main.ts (or a test) and read from c.get("services"). */
export interface Services {
  config: Pick<Config, "cityCode" | "cityName">;
  db: Pick<DatabaseHandle, "db" | "ping">;
  kafka: Pick<KafkaProbe, "check">;
  vault: PersonVault;
  publisher: Publisher;
  /** Default: a JSON-lines logger at PES_LOG_LEVEL. */
  logger?: Logger;
  /** The wall clock; "today" is always its date in China (Asia/Shanghai). Tests set it. Default: the system's. */
  clock?: () => Date;
}

export type AppEnv = { Variables: ServiceEnv["Variables"] & { services: Services; caller: Caller } };
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
  const { cityCode, cityName } = services.config;
  registerDocs(app, {
    title: `City node ${cityName} ${cityCode} · 公共就业服务城市节点`,
    description:
      "The registration desk and ledgers of one city: registrations, key-group real-name ledgers, service records and 131 follow-up; publishes every record to the province and receives what flows back (数据回流).",
  });
  return app;
}
