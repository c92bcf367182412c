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
    title: "Gig market · 零工市场",
    description:
      "The HTTP face for gig markets and grassroots gig stations (零工驿站): gig postings, workers, matches, placements and employment-voucher redemption; receives the key-group persons of its area who need a service.",
  });
  return app;
}
