import { loadServiceConfig, type ServiceConfig, serviceEnvSchema } from "@pes/http";
import { z } from "zod";
import type { WarningRule } from "./domain/warnings/rule.js";

export const SERVICE = "province-hub";
export const DEFAULT_PORT = 8080;

/** The rule of the unemployment-risk warnings (warnings/rule.ts). */
const warningVariables = {
  /** 失业风险预警: how far above the recent average a month's new registrations must rise (0.3 = 30%). */
  PES_WARNING_THRESHOLD: z.coerce
    .number({ error: "must be a number such as 0.3" })
    .positive("must be above 0")
    .max(10)
    .default(0.3),
  PES_WARNING_BASELINE_MONTHS: z.coerce
    .number()
    .int("must be a whole number of months")
    .min(1)
    .max(24)
    .default(3),
  PES_WARNING_MIN_REGISTRATIONS: z.coerce.number().int("must be a whole number").min(1).default(20),
};

/** Every variable the hub reads; anything else in the environment is ignored. */
export const envSchema = serviceEnvSchema({ port: DEFAULT_PORT }, warningVariables);

export interface Config extends ServiceConfig {
  warningRule: WarningRule;
}

/** Throws an EnvError naming each wrong or missing variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  return loadServiceConfig(envSchema, source, { service: SERVICE }, (env) => ({
    warningRule: {
      threshold: env.PES_WARNING_THRESHOLD,
      baselineMonths: env.PES_WARNING_BASELINE_MONTHS,
      minimumRegistrations: env.PES_WARNING_MIN_REGISTRATIONS,
    },
  }));
}
