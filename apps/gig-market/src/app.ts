import type { OpenAPIHono } from "@hono/zod-openapi";
import {
  createServiceApp,
  type KafkaProbe,
  type Logger,
  registerDocs,
  registerHealthRoutes,
  type ServiceEnv,
} from "@pes/http";
import type { PiiCipher } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import pkg from "../package.json" with { type: "json" };
import { SERVICE } from "./env.js";
import type { RateLimiter } from "./http/rate-limit.js";
import { registerRoutes } from "./routes/index.js";
import type { VoucherAuthority } from "./vouchers/authority.js";
import type { WebhookTargetPolicy } from "./webhooks/url.js";

/** What the routes use, built once in main.ts (or a test, see services.ts) and read from c.get("services"). */
export interface Services {
  db: Pick<DatabaseHandle, "db" | "ping">;
  kafka: Pick<KafkaProbe, "check">;
  /** Encrypts personal data at rest (contact phones, workers' ID numbers, names and mobiles) and stored idempotent answers. */
  cipher: PiiCipher;
  /** The province's secret for person keys (HMAC of the ID number): one worker per person per market. */
  personKeySecret: string;
  /** The province hub's voucher API: the one place vouchers are decided. */
  vouchers: VoucherAuthority;
  /** Per market (all its keys together), in this process's memory. */
  rateLimiter: RateLimiter;
  /** Active API keys a market may hold at once (PES_MAX_API_KEYS_PER_MARKET). */
  maxKeysPerMarket: number;
  /** Where webhooks may go (public addresses; outside production also PES_WEBHOOK_ALLOW_HOSTS). */
  webhookTargets: WebhookTargetPolicy;
  /** Default: a JSON-lines logger at PES_LOG_LEVEL. */
  logger?: Logger;
}

/** The market an API key belongs to, set by the auth middleware on every /v1 request. */
export interface Market {
  id: string;
  name: string;
  cityCode: string;
  districtCode: string | null;
  createdAt: Date;
}

export type AppEnv = {
  Variables: ServiceEnv["Variables"] & { services: Services; market: Market; apiKeyId: string };
};
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
  registerDocs(app, {
    title: "Gig market · 零工市场",
    description:
      "The HTTP face for gig markets and grassroots gig stations (零工驿站): gig postings, workers, matches, placements and employment-voucher redemption; receives the key-group persons of its area who need work and the vouchers usable there (数据回流), by pulling GET /v1/flowback or by signed webhooks.\n\n" +
      "Every /v1 request carries the market's API key (`Authorization: Bearer pes_gm_…`). Every POST accepts an `Idempotency-Key` (1–100 characters): a retry with the same key and body returns the first answer with `Idempotent-Replayed: true`. Each market may make `PES_RATE_LIMIT_PER_MINUTE` requests a minute, all its keys together, and hold at most `PES_MAX_API_KEYS_PER_MARKET` active keys; beyond that the answer is 429 with `Retry-After`. Lists are pages of `{ items, nextCursor }`: pass `nextCursor` as `cursor` for the next one.",
  });
  return app;
}
