import {
  loadEnv,
  requireSecretInProduction,
  resolveServiceConfig,
  type ServiceConfig,
  serviceEnvShape,
} from "@pes/http";
import { z } from "zod";

export const SERVICE = "gig-market";
export const DEFAULT_PORT = 8090;

/** Every variable the gig market reads; anything else in the environment is ignored. */
export const envSchema = z
  .object({
    ...serviceEnvShape({ port: DEFAULT_PORT }),
    /** Requests per minute each API key may make (a token bucket holding one minute's worth). */
    PES_RATE_LIMIT_PER_MINUTE: z.coerce
      .number({ error: "must be a number of requests per minute, e.g. 600" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(1_000_000, "must be at most 1000000")
      .default(600),
  })
  .superRefine(requireSecretInProduction);

export { DEV_PERSON_KEY_SECRET, DEV_PII_KEY } from "@pes/http";

export interface Config extends ServiceConfig {
  rateLimitPerMinute: number;
}

/** Throws an EnvError naming each wrong or missing variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const env = loadEnv(envSchema, source);
  return {
    ...resolveServiceConfig(env, { service: SERVICE }),
    rateLimitPerMinute: env.PES_RATE_LIMIT_PER_MINUTE,
  };
}
