import {
  loadEnv,
  requirePiiKeyInProduction,
  requireSecretInProduction,
  resolveServiceConfig,
  type ServiceConfig,
  serviceEnvShape,
} from "@pes/http";
import { z } from "zod";

export const SERVICE = "province-hub";
export const DEFAULT_PORT = 8080;

/** Every variable the hub reads; anything else in the environment is ignored. */
export const envSchema = z
  .object({ ...serviceEnvShape({ port: DEFAULT_PORT }) })
  .superRefine(requireSecretInProduction)
  .superRefine(requirePiiKeyInProduction);

export type Config = ServiceConfig;

/** Throws an EnvError naming each wrong or missing variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  return resolveServiceConfig(loadEnv(envSchema, source), { service: SERVICE });
}
