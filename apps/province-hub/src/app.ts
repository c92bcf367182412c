import { createServiceApp, registerDocs, registerHealthRoutes } from "@pes/http";
import pkg from "../package.json" with { type: "json" };
import { registerConsole } from "./console/routes.js";
import type { App, AppEnv, Services } from "./context.js";
import { SERVICE } from "./env.js";
import { registerRoutes } from "./routes/index.js";

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
