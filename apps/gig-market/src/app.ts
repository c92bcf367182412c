import { buildServiceApp, type ServiceAppSpec } from "@pes/http";
import pkg from "../package.json" with { type: "json" };
import { guard, market } from "./auth/access.js";
import type { App, AppEnv, Services } from "./context.js";
import { SERVICE } from "./env.js";
import { registerRoutes } from "./routes/index.js";

/** The market's HTTP face: its routes and docs; health and readiness (database, Kafka) come with the kit. */
export const appSpec: ServiceAppSpec<Services, AppEnv> = {
  name: SERVICE,
  version: pkg.version,
  routes: registerRoutes,
  // A market has no roles: any market's API key (the deployment's figures carry no market's data).
  metricsGuard: guard(market),
  docs: {
    title: "Gig market · 零工市场",
    description:
      "The HTTP face for gig markets and grassroots gig stations (零工驿站): gig postings, workers, matches, placements and employment-voucher redemption; receives the key-group persons of its area who need work and the vouchers usable there (数据回流), by pulling GET /v1/flowback or by signed webhooks.\n\n" +
      "Every /v1 request carries the market's API key (`Authorization: Bearer pes_gm_…`). Every POST accepts an `Idempotency-Key` (1–100 characters): a retry with the same key and body returns the first answer with `Idempotent-Replayed: true`. Each market may make `PES_RATE_LIMIT_PER_MINUTE` requests a minute, all its keys together, and hold at most `PES_MAX_API_KEYS_PER_MARKET` active keys; beyond that the answer is 429 with `Retry-After`. Lists are pages of `{ items, nextCursor }`: pass `nextCursor` as `cursor` for the next one.",
  },
};

/** The app on `services`: run.ts serves it, the tests call it. */
export const createApp = (services: Services): App => buildServiceApp({ ...appSpec, services });
