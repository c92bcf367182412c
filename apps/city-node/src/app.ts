import { buildServiceApp, type ServiceAppSpec } from "@pes/http";
import pkg from "../package.json" with { type: "json" };
import { guard, roles } from "./auth/access.js";
import { registerConsole } from "./console/routes.js";
import type { App, AppEnv, Services } from "./context.js";
import { SERVICE } from "./env.js";
import { registerRoutes } from "./routes/index.js";

/** The node's HTTP face: its routes, the staff console and docs; health and readiness (database, Kafka) come with the kit. */
export const appSpec: ServiceAppSpec<Services, AppEnv> = {
  name: SERVICE,
  version: pkg.version,
  routes(app) {
    registerRoutes(app);
    registerConsole(app);
  },
  // The whole node's figures: a city admin's, as Prometheus's token (a clerk sees only an area).
  metricsGuard: guard(roles("city-admin")),
  docs: ({ config: { cityCode, cityName } }) => ({
    title: `City node ${cityName} ${cityCode} · 公共就业服务城市节点`,
    description:
      "The registration desk and ledgers of one city: registrations, key-group real-name ledgers, service records and 131 follow-up; publishes every record to the province and receives what flows back (数据回流). " +
      "The intake of the city's own system too: every record form takes `sourceRecordId`, the city system's id of the record (the same id and content again changes nothing and answers `Idempotent-Replayed: true`; other content is a new revision of the same record), " +
      'records that change over their life are revised in place with `PUT /v1/<records>/{id}` (`If-Match: "<revision>"`, the ETag, to revise exactly that one), ' +
      "and every POST accepts an `Idempotency-Key` (1–100 characters, per staff member, kept 24 hours): a retry with the same key and body gets the first answer back.",
  }),
};

/** The app on `services`: run.ts serves it, the tests call it. */
export const createApp = (services: Services): App => buildServiceApp({ ...appSpec, services });
