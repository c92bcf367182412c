import { loadServiceConfig, type ServiceConfig, serviceEnvSchema } from "@pes/http";
import { FUJIAN_CITIES, type FujianCityCode } from "@pes/schemas";
import { z } from "zod";

export const SERVICE = "city-node";
/** One node per city; a machine running several gives each its own PORT. */
export const DEFAULT_PORT = 8081;

const CITY_CODES = Object.keys(FUJIAN_CITIES) as [FujianCityCode, ...FujianCityCode[]];

/** Every variable a city node reads; anything else in the environment is ignored. */
export const envSchema = serviceEnvSchema(
  { port: DEFAULT_PORT },
  {
    /** The GB/T 2260 code of the city this node serves: what it may publish as, and whose flow-back it reads. */
    CITY_CODE: z.enum(CITY_CODES, {
      error: (issue) =>
        issue.input === undefined
          ? "is required: the GB/T 2260 code of this node's city, e.g. 350100 (福州), 350200 (厦门), 350500 (泉州)"
          : `must be a Fujian city code (${CITY_CODES.join(", ")})`,
    }),
  },
);

export { DEV_PII_KEY } from "@pes/http";

export interface Config extends ServiceConfig {
  cityCode: FujianCityCode;
  cityName: string;
}

/** Throws an EnvError naming each wrong or missing variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // The city names the node's data folder and consumer group: city-node-350200.
  return loadServiceConfig(
    envSchema,
    source,
    { service: SERVICE, instance: (env) => env.CITY_CODE },
    (env) => ({
      cityCode: env.CITY_CODE,
      cityName: FUJIAN_CITIES[env.CITY_CODE],
    }),
  );
}
