import type { OpenAPIHono } from "@hono/zod-openapi";
import type { KafkaProbe, Logger, ServiceEnv } from "@pes/http";
import type { PiiCipher, Streams, Trust } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import type { Registry } from "prom-client";
import type { Market } from "./domain/market.js";
import type { RateLimiter } from "./routes/middleware/rate-limiter.js";
import type { VoucherAuthority } from "./use-cases/vouchers/authority.js";
import type { DeliveryOutcome } from "./use-cases/webhooks/dispatcher.js";
import type { WebhookTargetPolicy } from "./use-cases/webhooks/url.js";

export type { Market } from "./domain/market.js";

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
  /** Per market (all its keys together), in the market's database: shared by every instance. */
  rateLimiter: RateLimiter;
  /** Active API keys a market may hold at once (PES_MAX_API_KEYS_PER_MARKET). */
  maxKeysPerMarket: number;
  /** Where webhooks may go (public addresses; outside production also PES_WEBHOOK_ALLOW_HOSTS). */
  webhookTargets: WebhookTargetPolicy;
  /** How long a rotated-out webhook secret still signs (PES_WEBHOOK_SECRET_OVERLAP_SECONDS). */
  webhookSecretOverlapSeconds: number;
  /**
   * The deployment's keys (it signs as each market it serves, /gig/<id>, and opens what is sealed for
   * them) and everyone's public keys (it verifies the province's flow-back): docs/adr/0006.
   */
  trust: Trust;
  /** Default: a JSON-lines logger at PES_LOG_LEVEL. */
  logger?: Logger;
  /** The market's own figures for /metrics (webhook deliveries); the streams bring theirs. */
  metrics: Registry;
  /** Counts a webhook attempt's outcome on `metrics`: the dispatcher's onOutcome. */
  webhookOutcomes: (outcome: DeliveryOutcome) => void;
  /** The running Kafka side (createService sets it; a test may): /metrics reads its counters. */
  streams?: Pick<Streams, "metrics">;
}

export type AppEnv = {
  Variables: ServiceEnv["Variables"] & { services: Services; market: Market; apiKeyId: string };
};
export type App = OpenAPIHono<AppEnv>;
