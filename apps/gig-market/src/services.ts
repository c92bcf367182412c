import { EnvError, type KafkaProbe } from "@pes/http";
import { sourceOf } from "@pes/schemas";
import { PiiCipher, type Trust, trustFromEnv } from "@pes/sync";
import type { Database, DatabaseHandle } from "@pes/sync/db";
import { asc } from "drizzle-orm";
import { Registry } from "prom-client";
import type { Services } from "./context.js";
import { markets } from "./db/tables/markets.js";
import type { Config } from "./env.js";
import { webhookDeliveryCounter } from "./metrics.js";
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

type Issue = { variable: string; message: string };

/** Why `trust` cannot sign as `source`: no key of it held, or one the registry does not know. */
function cannotSignAs(trust: Trust, source: string): Issue | undefined {
  const key = trust.ring.signingKey(source);
  if (!key)
    return {
      variable: "PES_KEYS",
      message: `holds no signing key of ${source}; enrol the market (pnpm enrol market) and give the deployment its keys.json`,
    };
  const registered = trust.registry.key(key.id);
  if (registered?.use !== "sig" || registered.source !== source)
    return {
      variable: "PES_KEY_REGISTRY",
      message: `does not register ${key.id} as a signing key of ${source}: the province would refuse every record it signs`,
    };
  return undefined;
}

/**
 * Refuses to run on keys that cannot sign as each market the deployment serves (docs/adr/0006): the
 * province would refuse every record of the others (unknown-signer). With no market yet, the keys
 * must at least be a market's.
 */
export function assertSignsForMarkets(trust: Trust, marketIds: readonly string[]): Trust {
  const own = trust.ring.sources().filter((s) => s.startsWith("/gig/"));
  const sources = marketIds.length > 0 ? marketIds.map((id) => sourceOf.gig(id)) : own;
  if (sources.length === 0)
    throw new EnvError([
      {
        variable: "PES_KEYS",
        message: `holds no signing key of a gig market (the keys are ${trust.ring.sources().join(", ") || "no party"}'s)`,
      },
    ]);
  const issues = sources.flatMap((source) => cannotSignAs(trust, source) ?? []);
  if (issues.length > 0) throw new EnvError(issues);
  return trust;
}

/** The markets this deployment serves: those its database holds. */
export async function servedMarkets(db: Database): Promise<string[]> {
  return (await db.select({ id: markets.id }).from(markets).orderBy(asc(markets.id))).map((m) => m.id);
}

/**
 * The app's services from its config, as main.ts and the tests build them. `trust` is the deployment's
 * keys and the key registry, from the environment unless given (trustFromEnv: PES_KEYS,
 * PES_KEY_REGISTRY or KAFKA_CREDENTIALS); they must be a market's (run.ts checks every market the
 * database holds once it is open).
 */
export function buildServices(
  config: Pick<Config, "piiKey" | "personKeySecret" | "rateLimitPerMinute" | "hub"> &
    Partial<Pick<Config, "nodeEnv" | "maxKeysPerMarket">> & {
      webhooks?: Pick<Config["webhooks"], "allowHosts"> &
        Partial<Pick<Config["webhooks"], "secretOverlapSeconds">>;
    },
  db: DatabaseHandle,
  kafka: Pick<KafkaProbe, "check">,
  trust: Trust = trustFromEnv(),
): Services {
  assertSignsForMarkets(trust, []);
  const metrics = new Registry();
  return {
    metrics,
    webhookOutcomes: webhookDeliveryCounter(metrics),
    db,
    kafka,
    cipher: new PiiCipher(config.piiKey),
    personKeySecret: config.personKeySecret,
    rateLimiter: new RateLimiter(config.rateLimitPerMinute, db),
    maxKeysPerMarket: config.maxKeysPerMarket ?? 10,
    vouchers: config.hub ? hubVoucherAuthority(config.hub) : noVoucherAuthority,
    webhookTargets: webhookTargetsOf(config),
    webhookSecretOverlapSeconds: config.webhooks?.secretOverlapSeconds ?? 86_400,
    trust,
  };
}
