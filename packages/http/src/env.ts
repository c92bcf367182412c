import { existsSync } from "node:fs";
import { isIP } from "node:net";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The repository root (packages/http/src → ../../..): where relative data folders are anchored. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The secured local broker infra/kafka/kafka.sh starts (instance "local"). */
export const DEFAULT_KAFKA_BROKERS = "127.0.0.1:19094";

const existingFile = (what: string) =>
  z
    .string()
    .min(1)
    .refine((p) => existsSync(p), `must be the path of an existing ${what}`);

/** Only for development and tests; production must set its own (the province's shared secret). */
export const DEV_PERSON_KEY_SECRET = "pes-dev-person-key-secret-not-for-production";

/** A wrong or missing environment variable; the message names each one. */
export class EnvError extends Error {
  override name = "EnvError";
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`invalid environment: ${issues.map((i) => `${i.variable}: ${i.message}`).join("; ")}`);
  }
}

const brokerList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, "each broker must be host:port, comma-separated"))
      .min(1, "at least one broker"),
  );

/** The variables every service reads. Apps spread this into their own z.object and add theirs. */
export function serviceEnvShape(opts: { port: number }) {
  return {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    PORT: z.coerce
      .number({ error: "must be a port number" })
      .int("must be a whole number")
      .min(1, "must be between 1 and 65535")
      .max(65535, "must be between 1 and 65535")
      .default(opts.port),
    /** Unset → embedded PGlite under PES_DATA_DIR. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// or postgresql:// URL")
      .optional(),
    /** The address to listen on (read by startServer through bindHostOf); unset → every interface. */
    PES_BIND_HOST: z
      .string()
      .trim()
      .refine(
        (h) => h === "" || isIP(h) !== 0 || h === "localhost",
        "must be an IP address (e.g. 127.0.0.1, 0.0.0.0, ::) or localhost",
      )
      .optional(),
    KAFKA_BROKERS: brokerList.default([DEFAULT_KAFKA_BROKERS]),
    /**
     * Mutual TLS to the broker (README, Security): a folder holding this node's ca.pem, cert.pem and
     * key.pem, as `pnpm enrol` hands them out. Or the three files on their own (KAFKA_TLS_*), which win.
     * Required in production; unset elsewhere → plaintext, which a secured broker refuses.
     */
    KAFKA_CREDENTIALS: z
      .string()
      .min(1)
      .refine(
        (d) => ["ca.pem", "cert.pem", "key.pem"].every((f) => existsSync(resolve(d, f))),
        "must be a folder holding ca.pem, cert.pem and key.pem (pnpm enrol prints it)",
      )
      .optional(),
    /** The province CA's certificate (PEM), which signed the broker's. */
    KAFKA_TLS_CA: existingFile("PEM file (the province Kafka CA)").optional(),
    /** This node's certificate (PEM), CN = its principal (city-350200, gig-<market>, province-hub). */
    KAFKA_TLS_CERT: existingFile("PEM file (this node's certificate)").optional(),
    /** This node's private key (PEM, PKCS#8). */
    KAFKA_TLS_KEY: existingFile("PEM file (this node's private key)").optional(),
    PES_PERSON_KEY_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    /** 32 bytes, base64: encrypts ID numbers, names and phones at rest (AES-256-GCM). */
    PES_PII_KEY: z
      .string()
      .refine(
        (v) => Buffer.from(v, "base64").length === 32,
        "must be 32 random bytes, base64-encoded (openssl rand -base64 32)",
      )
      .optional(),
    /**
     * The Kafka consumer group; default <service>[-<city>]. Two instances share a group only when they
     * share a database: a second database under the same group would take half the messages.
     */
    PES_CONSUMER_GROUP: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,200}$/, "letters, digits, '.', '_' or '-'")
      .optional(),
    /** Default .pes/data/<service>[-<city>] under the repository root; relative paths are taken from there too. */
    PES_DATA_DIR: z.string().min(1).optional(),
    /** Where traces go (an OTLP/HTTP collector); unset → no export. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url("must be a URL such as http://otel-collector:4318").optional(),
  };
}

type SharedEnv = z.output<z.ZodObject<ReturnType<typeof serviceEnvShape>>>;

/**
 * A service's env schema: the variables every service reads (serviceEnvShape) and its own, `refine`d
 * together; in production it must bring its own person-key secret and PII key.
 */
export function serviceEnvSchema<T extends z.ZodRawShape>(
  opts: { port: number },
  own: T,
  refine?: (env: SharedEnv & z.output<z.ZodObject<T>>, ctx: z.RefinementCtx) => void,
) {
  return z
    .object(serviceEnvShape(opts))
    .extend(own)
    .superRefine((parsed, ctx) => {
      const env = parsed as SharedEnv & z.output<z.ZodObject<T>>;
      refine?.(env, ctx);
      requireSecretInProduction(env, ctx);
      requirePiiKeyInProduction(env, ctx);
      requireKafkaTls(env, ctx);
    });
}

/**
 * Reads `source` with a service's env schema (serviceEnvSchema) into its config: the shared part
 * (resolveServiceConfig; `instance`, e.g. the city code, names its data folder and consumer group)
 * and what `own` makes of its own variables. Throws an EnvError naming each wrong or missing one.
 */
export function loadServiceConfig<S extends z.ZodObject, X>(
  schema: S,
  source: Record<string, string | undefined>,
  opts: { service: string; instance?: (env: z.output<S>) => string },
  own: (env: z.output<S>) => X,
): ServiceConfig & X {
  const env = loadEnv(schema, source);
  const instance = opts.instance?.(env);
  return {
    ...resolveServiceConfig(env as SharedEnv, { service: opts.service, ...(instance ? { instance } : {}) }),
    ...own(env),
  };
}

/** Production must bring its own person-key secret; use with .superRefine on the app's schema. */
export function requireSecretInProduction(
  env: { NODE_ENV: string; PES_PERSON_KEY_SECRET?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (env.NODE_ENV === "production" && !env.PES_PERSON_KEY_SECRET) {
    ctx.addIssue({
      code: "custom",
      path: ["PES_PERSON_KEY_SECRET"],
      message: "is required when NODE_ENV=production (the development default is not allowed)",
    });
  }
}

/**
 * The Kafka TLS files come as a folder or as all three files; production never speaks plaintext to
 * the broker.
 */
export function requireKafkaTls(
  env: {
    NODE_ENV: string;
    KAFKA_CREDENTIALS?: string | undefined;
    KAFKA_TLS_CA?: string | undefined;
    KAFKA_TLS_CERT?: string | undefined;
    KAFKA_TLS_KEY?: string | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  const files = [env.KAFKA_TLS_CA, env.KAFKA_TLS_CERT, env.KAFKA_TLS_KEY].filter(Boolean).length;
  if (!env.KAFKA_CREDENTIALS && files > 0 && files < 3) {
    for (const v of ["KAFKA_TLS_CA", "KAFKA_TLS_CERT", "KAFKA_TLS_KEY"] as const) {
      if (!env[v])
        ctx.addIssue({
          code: "custom",
          path: [v],
          message: "is required with the other KAFKA_TLS_* (or set KAFKA_CREDENTIALS)",
        });
    }
  }
  if (env.NODE_ENV === "production" && !env.KAFKA_CREDENTIALS && files === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["KAFKA_CREDENTIALS"],
      message:
        "is required when NODE_ENV=production: the broker is reached over mutual TLS only (or set KAFKA_TLS_CA, KAFKA_TLS_CERT, KAFKA_TLS_KEY)",
    });
  }
}

/** Services that keep personal data must bring their own key in production. */
export function requirePiiKeyInProduction(
  env: { NODE_ENV: string; PES_PII_KEY?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (env.NODE_ENV === "production" && !env.PES_PII_KEY) {
    ctx.addIssue({
      code: "custom",
      path: ["PES_PII_KEY"],
      message: "is required when NODE_ENV=production (the development key is not allowed)",
    });
  }
}

/** Only for development and tests: a fixed key, so a dev database stays readable across restarts. */
export const DEV_PII_KEY = Buffer.alloc(32, "pes-dev-pii-key").toString("base64");

/**
 * Validates the variables the schema knows (others are ignored; an empty value counts as unset)
 * and throws an EnvError naming every wrong one.
 */
export function loadEnv<S extends z.ZodObject>(
  schema: S,
  source: Record<string, string | undefined>,
): z.output<S> {
  const known = Object.keys(schema.shape);
  const input = Object.fromEntries(known.flatMap((k) => (source[k] ? [[k, source[k]]] : [])));
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "(environment)"),
        message: issue.message,
      })),
    );
  }
  return result.data;
}

/** The shared part of every service's resolved config. */
export interface ServiceConfig {
  service: string;
  nodeEnv: "development" | "test" | "production";
  port: number;
  databaseUrl: string | undefined;
  kafkaBrokers: string[];
  personKeySecret: string;
  piiKey: string;
  consumerGroup: string;
  dataDir: string;
  otlpEndpoint: string | undefined;
}

/** Turns the validated shared variables into config: defaults that depend on other values, absolute paths. */
export function resolveServiceConfig(
  env: z.output<z.ZodObject<ReturnType<typeof serviceEnvShape>>>,
  opts: { service: string; instance?: string },
): ServiceConfig {
  const name = opts.instance ? `${opts.service}-${opts.instance}` : opts.service;
  const dataDir = env.PES_DATA_DIR ?? `.pes/data/${name}`;
  return {
    service: opts.service,
    nodeEnv: env.NODE_ENV,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL,
    kafkaBrokers: env.KAFKA_BROKERS,
    personKeySecret: env.PES_PERSON_KEY_SECRET ?? DEV_PERSON_KEY_SECRET,
    piiKey: env.PES_PII_KEY ?? DEV_PII_KEY,
    consumerGroup: env.PES_CONSUMER_GROUP ?? name,
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(REPO_ROOT, dataDir),
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
  };
}
