import type { OpenAPIHono } from "@hono/zod-openapi";
import {
  createServiceApp,
  type KafkaProbe,
  registerDocs,
  registerHealthRoutes,
  type ServiceEnv,
} from "@pes/http";
import type { DatabaseHandle } from "@pes/sync/db";
import pkg from "../package.json" with { type: "json" };
import { SERVICE } from "./env.js";
import { registerRoutes } from "./routes/index.js";

/** What the routes use, built once in main.ts (or a test) and read from c.get("services"). */
export interface Services {
  db: Pick<DatabaseHandle, "db" | "ping">;
  kafka: Pick<KafkaProbe, "check">;
}

export type AppEnv = { Variables: ServiceEnv["Variables"] & { services: Services } };
export type App = OpenAPIHono<AppEnv>;

export function createApp(services: Services): App {
  const app = createServiceApp<AppEnv>({ service: SERVICE, version: pkg.version });
  app.use(async function injectServices(c, next) {
    c.set("services", services);
    await next();
  });
  registerHealthRoutes(app, {
    checks: { database: () => services.db.ping(), kafka: () => services.kafka.check() },
  });
  registerRoutes(app);
  registerDocs(app, {
    title: "Province hub · 福建省公共就业服务一库一平台",
    description:
      "The provincial hub: consumes every city's streams into the provincial database, merges persons, computes the performance indicators, monitors the streams and sends data back down (数据回流).",
  });
  return app;
}
