import {
  loadEnv,
  requireSecretInProduction,
  resolveServiceConfig,
  type ServiceConfig,
  serviceEnvShape,
} from "@pes/http";
import { FUJIAN_CITIES, type FujianCityCode } from "@pes/schemas";
import { z } from "zod";

export const SERVICE = "city-node";
/** One node per city; a machine running several gives each its own PORT. */
export const DEFAULT_PORT = 8081;

const CITY_CODES = Object.keys(FUJIAN_CITIES) as [FujianCityCode, ...FujianCityCode[]];

/** Every variable a city node reads; anything else in the environment is ignored. */
export const envSchema = z
  .object({
    ...serviceEnvShape({ port: DEFAULT_PORT }),
    /** The GB/T 2260 code of the city this node serves: what it may publish as, and whose flow-back it reads. */
    CITY_CODE: z.enum(CITY_CODES, {
      error: (issue) =>
        issue.input === undefined
          ? "is required: the GB/T 2260 code of this node's city, e.g. 350100 (福州), 350200 (厦门), 350500 (泉州)"
          : `must be a Fujian city code (${CITY_CODES.join(", ")})`,
    }),
    /** 32 bytes, base64: encrypts ID numbers, names and phones at rest (AES-256-GCM). */
    PES_PII_KEY: z
      .string()
      .refine(
        (v) => Buffer.from(v, "base64").length === 32,
        "must be 32 random bytes, base64-encoded (openssl rand -base64 32)",
      )
      .optional(),
  })
  .superRefine(requireSecretInProduction)
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.PES_PII_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["PES_PII_KEY"],
        message: "is required when NODE_ENV=production (the development key is not allowed)",
      });
    }
  });

/** Only for development and tests: a fixed key, so a dev database stays readable across restarts. */
export const DEV_PII_KEY = Buffer.alloc(32, "pes-dev-pii-key").toString("base64");

export interface Config extends ServiceConfig {
  cityCode: FujianCityCode;
  cityName: string;
  piiKey: string;
}

/** Throws an EnvError naming each wrong or missing variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const env = loadEnv(envSchema, source);
  return {
    ...resolveServiceConfig(env, { service: SERVICE, instance: env.CITY_CODE }),
    cityCode: env.CITY_CODE,
    cityName: FUJIAN_CITIES[env.CITY_CODE],
    piiKey: env.PES_PII_KEY ?? DEV_PII_KEY,
  };
}
