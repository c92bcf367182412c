import { createServiceApp, registerDocs, registerHealthRoutes } from "@pes/http";
import pkg from "../package.json" with { type: "json" };
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
  const { cityCode, cityName } = services.config;
  registerDocs(app, {
    title: `City node ${cityName} ${cityCode} · 公共就业服务城市节点`,
    description:
      "The registration desk and ledgers of one city: registrations, key-group real-name ledgers, service records and 131 follow-up; publishes every record to the province and receives what flows back (数据回流).",
  });
  return app;
}
