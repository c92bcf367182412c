import { join } from "node:path";
import { loadServiceConfig, type ServiceConfig, serviceEnvSchema } from "@pes/http";
import { z } from "zod";
import type { LayoffRule } from "./domain/warnings/layoff.js";
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
  /** 规模性裁员: a layoff report of this many persons or more warns at once (Labour Contract Law art. 41: 20)… */
  PES_LAYOFF_MIN_PERSONS: z.coerce.number().int("must be a whole number").min(1).default(20),
  /** …or of fewer that are this share of the workforce or more (0.1 = 10 %). */
  PES_LAYOFF_MIN_SHARE: z.coerce
    .number({ error: "must be a number such as 0.1" })
    .positive("must be above 0")
    .max(1)
    .default(0.1),
};

/** The exchange evidence log (README, Evidence log). */
const evidenceVariables = {
  /** How long entries stay in the database before they are archived to files: at least 6 months (网络安全法 art. 21). */
  PES_EVIDENCE_RETENTION_DAYS: z.coerce
    .number()
    .int("must be a whole number of days")
    .min(183, "must be at least 183 days (six months, Network Security Law art. 21)")
    .default(183),
  /** A signed checkpoint once this many entries follow the last one… */
  PES_EVIDENCE_CHECKPOINT_ENTRIES: z.coerce.number().int().min(1).default(10_000),
  /** …or once this many minutes have passed since it. */
  PES_EVIDENCE_CHECKPOINT_MINUTES: z.coerce.number().int().min(1).max(1_440).default(10),
};

/** Receipts for what flows back (README, Receipts for what flows back). */
const receiptVariables = {
  /** Flow-back unacknowledged for longer than this is reported overdue. */
  PES_RECEIPT_OVERDUE_MINUTES: z.coerce
    .number()
    .int("must be a whole number of minutes")
    .min(0)
    .max(44_640, "must be at most 44640 minutes (31 days)")
    .default(60),
};

/** What the hub tells a city of the records it refused (README, Rejection notices). */
const noticeVariables = {
  /** off: no record-rejection-notice to any city (the dead letters are still indexed and logged). */
  PES_REJECTION_NOTICES: z.enum(["on", "off"], { error: "must be on or off" }).default("on"),
};

/** Every variable the hub reads; anything else in the environment is ignored. */
export const envSchema = serviceEnvSchema(
  { port: DEFAULT_PORT },
  { ...warningVariables, ...evidenceVariables, ...receiptVariables, ...noticeVariables },
);

export interface EvidenceConfig {
  retentionDays: number;
  checkpointEveryEntries: number;
  checkpointEveryMs: number;
  /** Where archived segments go: <data dir>/archive. */
  archiveDir: string;
}

export interface Config extends ServiceConfig {
  warningRule: WarningRule;
  layoffRule: LayoffRule;
  evidence: EvidenceConfig;
  /** Minutes after which flow-back without a receipt is overdue (PES_RECEIPT_OVERDUE_MINUTES). */
  receiptOverdueMinutes: number;
  /** Whether a city is told of its records the ingest refused (PES_REJECTION_NOTICES). */
  rejectionNotices: boolean;
}

/** Throws an EnvError naming each wrong or missing variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const config = loadServiceConfig(envSchema, source, { service: SERVICE }, (env) => ({
    warningRule: {
      threshold: env.PES_WARNING_THRESHOLD,
      baselineMonths: env.PES_WARNING_BASELINE_MONTHS,
      minimumRegistrations: env.PES_WARNING_MIN_REGISTRATIONS,
    },
    layoffRule: { minimumPersons: env.PES_LAYOFF_MIN_PERSONS, minimumShare: env.PES_LAYOFF_MIN_SHARE },
    evidence: {
      retentionDays: env.PES_EVIDENCE_RETENTION_DAYS,
      checkpointEveryEntries: env.PES_EVIDENCE_CHECKPOINT_ENTRIES,
      checkpointEveryMs: env.PES_EVIDENCE_CHECKPOINT_MINUTES * 60_000,
      archiveDir: "",
    },
    receiptOverdueMinutes: env.PES_RECEIPT_OVERDUE_MINUTES,
    rejectionNotices: env.PES_REJECTION_NOTICES === "on",
  }));
  config.evidence.archiveDir = join(config.dataDir, "archive");
  return config;
}
