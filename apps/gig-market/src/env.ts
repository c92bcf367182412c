import { loadServiceConfig, type ServiceConfig, serviceEnvSchema } from "@pes/http";
import { z } from "zod";
import { allowHostEntry } from "./use-cases/webhooks/url.js";

export const SERVICE = "gig-market";
export const DEFAULT_PORT = 8090;

/** Every variable the gig market reads; anything else in the environment is ignored. */
export const envSchema = serviceEnvSchema(
  { port: DEFAULT_PORT },
  {
    /** Requests per minute each market may make, all its keys together, counted in its database for every instance. */
    PES_RATE_LIMIT_PER_MINUTE: z.coerce
      .number({ error: "must be a number of requests per minute, e.g. 600" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(1_000_000, "must be at most 1000000")
      .default(600),
    /** Active API keys a market may hold at once; issuing one more answers 409. */
    PES_MAX_API_KEYS_PER_MARKET: z.coerce
      .number({ error: "must be a number of keys, e.g. 10" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(1_000, "must be at most 1000")
      .default(10),
    /** The first webhook retry's delay; each next one is three times longer, at most 360 times this. */
    PES_WEBHOOK_BACKOFF_MS: z.coerce
      .number({ error: "must be a number of milliseconds, e.g. 10000" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(3_600_000, "must be at most 3600000")
      .default(10_000),
    /** Attempts of one webhook delivery before it is failed. */
    PES_WEBHOOK_MAX_ATTEMPTS: z.coerce
      .number({ error: "must be a number of attempts, e.g. 8" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(50, "must be at most 50")
      .default(8),
    /** How long one webhook attempt may take before it counts as failed. */
    PES_WEBHOOK_TIMEOUT_MS: z.coerce
      .number({ error: "must be a number of milliseconds, e.g. 10000" })
      .int("must be a whole number")
      .min(100, "must be at least 100")
      .max(60_000, "must be at most 60000")
      .default(10_000),
    /**
     * After a secret rotation, how long the replaced secret still signs each delivery (a second
     * signature) so receivers can switch without losing one; 0 stops it at once.
     */
    PES_WEBHOOK_SECRET_OVERLAP_SECONDS: z.coerce
      .number({ error: "must be a number of seconds, e.g. 86400" })
      .int("must be a whole number")
      .min(0, "must be at least 0")
      .max(2_592_000, "must be at most 2592000 (30 days)")
      .default(86_400),
    /**
     * Outside production only: hosts (or host:port) webhooks may reach although they are not public
     * internet addresses, plain http too, comma-separated, e.g. `127.0.0.1:9000,receiver.test`.
     */
    PES_WEBHOOK_ALLOW_HOSTS: z
      .string()
      .optional()
      .transform((text, ctx) => {
        const entries = (text ?? "").split(",").filter((e) => e.trim() !== "");
        try {
          return entries.map(allowHostEntry);
        } catch (e) {
          ctx.addIssue({
            code: "custom",
            message: `must be hosts or host:port, comma-separated: ${(e as Error).message}`,
          });
          return z.NEVER;
        }
      }),
    /** The province hub, the voucher authority; without it the voucher routes answer 503. */
    PES_HUB_URL: z.url({ error: "must be the hub's base URL, e.g. http://127.0.0.1:8080" }).optional(),
    /** A hub token of role gateway (`pnpm --filter @pes/province-hub token -- --gateway …`). */
    PES_HUB_TOKEN: z.string().startsWith("pes_ph_", "must be a hub token (pes_ph_…)").optional(),
  },
  (env, ctx) => {
    if (env.PES_HUB_URL && !env.PES_HUB_TOKEN)
      ctx.addIssue({ code: "custom", path: ["PES_HUB_TOKEN"], message: "is required with PES_HUB_URL" });
    if (env.NODE_ENV === "production" && env.PES_WEBHOOK_ALLOW_HOSTS.length > 0)
      ctx.addIssue({
        code: "custom",
        path: ["PES_WEBHOOK_ALLOW_HOSTS"],
        message: "is for development only: in production webhooks go to public internet addresses",
      });
  },
);

export { DEV_PERSON_KEY_SECRET, DEV_PII_KEY } from "@pes/http";

export interface Config extends ServiceConfig {
  rateLimitPerMinute: number;
  maxKeysPerMarket: number;
  hub?: { url: string; token: string };
  webhooks: {
    backoffMs: number;
    maxAttempts: number;
    timeoutMs: number;
    allowHosts: string[];
    secretOverlapSeconds: number;
  };
}

/** Throws an EnvError naming each wrong or missing variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  return loadServiceConfig(envSchema, source, { service: SERVICE }, (env) => ({
    rateLimitPerMinute: env.PES_RATE_LIMIT_PER_MINUTE,
    maxKeysPerMarket: env.PES_MAX_API_KEYS_PER_MARKET,
    ...(env.PES_HUB_URL && env.PES_HUB_TOKEN
      ? { hub: { url: env.PES_HUB_URL, token: env.PES_HUB_TOKEN } }
      : {}),
    webhooks: {
      backoffMs: env.PES_WEBHOOK_BACKOFF_MS,
      maxAttempts: env.PES_WEBHOOK_MAX_ATTEMPTS,
      timeoutMs: env.PES_WEBHOOK_TIMEOUT_MS,
      allowHosts: env.PES_WEBHOOK_ALLOW_HOSTS,
      secretOverlapSeconds: env.PES_WEBHOOK_SECRET_OVERLAP_SECONDS,
    },
  }));
}
