import { buildServiceApp, type ServiceAppSpec } from "@pes/http";
import pkg from "../package.json" with { type: "json" };
import type { App, AppEnv, Services } from "./context.js";
import { SERVICE } from "./env.js";
import { registerRoutes } from "./routes/index.js";

/** The node's HTTP face: its routes and docs; health and readiness (database, Kafka) come with the kit. */
export const appSpec: ServiceAppSpec<Services, AppEnv> = {
  name: SERVICE,
  version: pkg.version,
  routes: registerRoutes,
  docs: ({ config: { cityCode, cityName } }) => ({
    title: `City node ${cityName} ${cityCode} · 公共就业服务城市节点`,
    description:
      "The registration desk and ledgers of one city: registrations, key-group real-name ledgers, service records and 131 follow-up; publishes every record to the province and receives what flows back (数据回流).",
  }),
};

/** The app on `services`: run.ts serves it, the tests call it. */
export const createApp = (services: Services): App => buildServiceApp({ ...appSpec, services });
