import type { OpenAPIHono } from "@hono/zod-openapi";
import { keepStatistics, type Streams, type StreamsSpec, startStreams } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import type { MiddlewareHandler } from "hono";
import type { Registry } from "prom-client";
import { createServiceApp, httpRegistryOf, type ServiceEnv } from "./app.js";
import { type DocsOptions, registerDocs } from "./docs.js";
import type { ServiceConfig } from "./env.js";
import { type ReadinessCheck, registerHealthRoutes } from "./health.js";
import type { InputRules } from "./input.js";
import { createKafkaProbe, type KafkaProbe } from "./kafka-probe.js";
import { describeError, type Logger } from "./log.js";
import { processRegistry, registerMetrics, registriesOf } from "./metrics.js";
import { type Closeable, runService, type StartContext } from "./service.js";

/** What makes a service's HTTP face: its name and version, routes, readiness checks and docs. */
export interface ServiceAppSpec<S, E extends ServiceEnv> {
  /** e.g. "province-hub": the logger's name, /healthz's service. */
  name: string;
  version: string;
  routes(app: OpenAPIHono<E>): void;
  /** /readyz's checks. Default: database (services.db.ping) and kafka (services.kafka.check). */
  checks?(services: S): Record<string, ReadinessCheck>;
  docs: DocsOptions | ((services: S) => DocsOptions);
  inputRules?: InputRules;
  /**
   * Who may read GET /metrics: the app's guard of an access rule (its routeKit's guard), so Prometheus
   * scrapes with a bearer token of the service's own kind, as any caller.
   */
  metricsGuard: MiddlewareHandler<E>;
}

/** The readiness of the database and Kafka that services hold, those of the two it has. */
export function dependencyChecks(services: unknown): Record<string, ReadinessCheck> {
  const { db, kafka } = services as { db?: { ping(): Promise<void> }; kafka?: { check(): Promise<void> } };
  return {
    ...(db ? { database: () => db.ping() } : {}),
    ...(kafka ? { kafka: () => kafka.check() } : {}),
  };
}

/**
 * The service's app on `services`, as its process serves it and the tests build it without one:
 * createServiceApp (problem+json, request ids, request logs and figures, input guard), the services on
 * every request's context (c.get("services")), /healthz and /readyz, /metrics (behind metricsGuard),
 * the routes, /openapi.json and /docs.
 */
export function buildServiceApp<S extends { logger?: Logger | undefined }, E extends ServiceEnv>(
  spec: ServiceAppSpec<S, E> & {
    services: S;
    /** More for /metrics besides the app's and its services' (registriesOf): the process's. */
    registries?: Registry[];
  },
): OpenAPIHono<E> {
  const { services } = spec;
  const app = createServiceApp<E>({
    service: spec.name,
    version: spec.version,
    ...(services.logger ? { logger: services.logger } : {}),
    ...(spec.inputRules ? { inputRules: spec.inputRules } : {}),
  });
  app.use(async function injectServices(c, next) {
    // biome-ignore lint/suspicious/noExplicitAny: E's variables hold the services, whatever else they hold
    (c as any).set("services", services);
    await next();
  });
  registerHealthRoutes(app, { checks: (spec.checks ?? dependencyChecks)(services) });
  registerMetrics(app, {
    guard: spec.metricsGuard,
    registries: () => [httpRegistryOf(app), ...registriesOf(services), ...(spec.registries ?? [])],
  });
  spec.routes(app);
  registerDocs(app, typeof spec.docs === "function" ? spec.docs(services) : spec.docs);
  return app;
}

/** What a service's services are opened with. */
export interface ServiceContext extends Pick<StartContext, "log" | "stopping" | "closeOnStop"> {
  /** The database, opened (and migrated) first, closed last. */
  db: DatabaseHandle;
  /** Kafka's readiness, on its own admin client. */
  kafka: KafkaProbe;
}

export interface CreateServiceOptions<
  C extends Pick<ServiceConfig, "port" | "kafkaBrokers">,
  S extends { logger?: Logger | undefined },
  E extends ServiceEnv,
  T extends Closeable,
> extends ServiceAppSpec<S, E> {
  /** Reads the environment; an EnvError is logged as its message alone. */
  loadConfig(): C;
  /** The Kafka client id of the readiness probe and of the streams. Default: the name. */
  clientId?(config: NoInfer<C>): string;
  /** Opens the database, migrated (serviceDatabase of @pes/sync/db). */
  database(config: NoInfer<C>): Promise<DatabaseHandle>;
  /** Analyzes the tables that changed, where autovacuum is off (keepStatistics of @pes/sync). */
  keepStatistics?: boolean;
  /** The services the routes read; pass anything else it opens through closeOnStop. */
  services(config: NoInfer<C>, ctx: ServiceContext): S | Promise<S>;
  /**
   * Starts the Kafka side, before HTTP listens, so the routes always find it as services.streams.
   * `start` runs a spec on the service's Kafka client, database and error log (startStreams of
   * @pes/sync). Closed after the jobs and before the services.
   */
  streams?(
    config: NoInfer<C>,
    services: NoInfer<S>,
    start: (spec: StreamsSpec) => Promise<Streams>,
  ): Promise<T>;
  /** Schedules (closures, expiries, deliveries): started once HTTP listens, stopped first. */
  jobs?(config: NoInfer<C>, services: NoInfer<S>, ctx: { log: Logger }): Closeable[];
  /** Fields of the "listening" line besides the port, the database driver and the Kafka brokers. */
  logFields?(config: NoInfer<C>): Record<string, unknown>;
}

/**
 * A service's process, the same for every app: load the config; open the database (and keep its
 * statistics), the Kafka probe and the services; start the streams; serve the app (buildServiceApp);
 * start the jobs; log "listening". On SIGTERM or SIGINT (runService): stop HTTP, then close the jobs,
 * the streams and the services, newest first, and exit 0.
 */
export function createService<
  C extends Pick<ServiceConfig, "port" | "kafkaBrokers">,
  S extends { logger?: Logger | undefined },
  E extends ServiceEnv,
  T extends Closeable = Streams,
>(opts: CreateServiceOptions<C, S, E, T>): Promise<void> {
  return runService({
    service: opts.name,
    loadConfig: opts.loadConfig,
    async start(config, ctx) {
      const { closeOnStop, log } = ctx;
      const clientId = opts.clientId?.(config) ?? opts.name;
      const db = closeOnStop(await opts.database(config));
      if (opts.keepStatistics) {
        const statistics = keepStatistics(db.db, {
          onError: (e) => log.warn("analyze failed", describeError(e)),
        });
        closeOnStop({ close: async () => statistics.stop() });
      }
      const kafka = closeOnStop(createKafkaProbe({ clientId, brokers: config.kafkaBrokers }));
      let services = await opts.services(config, { ...ctx, db, kafka });
      if (opts.streams) {
        const start = (spec: StreamsSpec) =>
          startStreams({
            ...spec,
            kafka: { brokers: config.kafkaBrokers, clientId },
            db: db.db,
            onError: (error) => log.warn("stream retry", describeError(error)),
          });
        const streams = closeOnStop(await opts.streams(config, services, start));
        services = { ...services, streams };
      }
      await ctx.listen(buildServiceApp({ ...opts, services, registries: [processRegistry()] }));
      for (const job of opts.jobs?.(config, services, { log }) ?? []) closeOnStop(job);
      return {
        logFields: { ...opts.logFields?.(config), database: db.driver, kafkaBrokers: config.kafkaBrokers },
      };
    },
  });
}
