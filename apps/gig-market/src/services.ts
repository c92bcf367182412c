import type { KafkaProbe } from "@pes/http";
import { PiiCipher } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import type { Services } from "./context.js";
import type { Config } from "./env.js";
import { RateLimiter } from "./routes/middleware/rate-limiter.js";
import { hubVoucherAuthority, noVoucherAuthority } from "./use-cases/vouchers/authority.js";
import type { WebhookTargetPolicy } from "./use-cases/webhooks/url.js";

/** Where webhooks may go: public addresses, and outside production the allow-listed hosts. */
export function webhookTargetsOf(
  config: Partial<Pick<Config, "nodeEnv">> & { webhooks?: Pick<Config["webhooks"], "allowHosts"> },
): WebhookTargetPolicy {
  const production = config.nodeEnv === "production";
  return { production, allowHosts: production ? [] : (config.webhooks?.allowHosts ?? []) };
}

/** The app's services from its config, as main.ts and the tests build them. */
export function buildServices(
  config: Pick<Config, "piiKey" | "personKeySecret" | "rateLimitPerMinute" | "hub"> &
    Partial<Pick<Config, "nodeEnv" | "maxKeysPerMarket">> & {
      webhooks?: Pick<Config["webhooks"], "allowHosts">;
    },
  db: DatabaseHandle,
  kafka: Pick<KafkaProbe, "check">,
): Services {
  return {
    db,
    kafka,
    cipher: new PiiCipher(config.piiKey),
    personKeySecret: config.personKeySecret,
    rateLimiter: new RateLimiter(config.rateLimitPerMinute),
    maxKeysPerMarket: config.maxKeysPerMarket ?? 10,
    vouchers: config.hub ? hubVoucherAuthority(config.hub) : noVoucherAuthority,
    webhookTargets: webhookTargetsOf(config),
  };
}
