import { buildServiceApp, type ServiceAppSpec } from "@pes/http";
import pkg from "../package.json" with { type: "json" };
import { guard, readers } from "./auth/access.js";
import { registerConsole } from "./console/routes.js";
import type { App, AppEnv, Services } from "./context.js";
import { SERVICE } from "./env.js";
import { registerRoutes } from "./routes/index.js";

/** The hub's HTTP face: its API, the operators' console and the docs; health and readiness come with the kit. */
export const appSpec: ServiceAppSpec<Services, AppEnv> = {
  name: SERVICE,
  version: pkg.version,
  routes(app) {
    registerRoutes(app);
    registerConsole(app);
  },
  // The figures the console shows, to whoever may read it: Prometheus scrapes with a viewer's token.
  metricsGuard: guard(readers),
  docs: {
    title: "Province hub · 福建省公共就业服务一库一平台",
    description:
      "The provincial hub: consumes every city's streams into the provincial database, merges persons, computes the performance indicators, monitors the streams, sends data back down (数据回流) and is the single authority of employment vouchers (就业券: issue, claim, redemption by gig markets and schools, settlement, reconciliation).",
  },
};

/** The app on `services`: run.ts serves it, the tests call it (without streams when they need no broker). */
export const createApp = (services: Services): App => buildServiceApp({ ...appSpec, services });
