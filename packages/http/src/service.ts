import { EnvError } from "./env.js";
import { createLogger, describeError, type Logger } from "./log.js";
import { onShutdownSignal, type RunningServer, startServer } from "./server.js";
import { shutdownTelemetry } from "./telemetry.js";

/** Something a service opens and must close when it stops: its database, a Kafka client, a relay. */
export interface Closeable {
  close(): Promise<void>;
}

export interface StartContext {
  log: Logger;
  /** Aborted when the service starts to stop, before HTTP closes: long responses (SSE) end on it. */
  stopping: AbortSignal;
  /**
   * Closes `resource` when the service stops: after HTTP has stopped, and before every resource
   * registered earlier (so a relay registered after the database is closed before it). Returns it.
   */
  closeOnStop<R extends Closeable>(resource: R): R;
  /**
   * Serves `app` on config.port; call it once. A signal while start goes on, before or after it, stops
   * the service once start is done, closing all it opened.
   */
  listen(app: { fetch: (request: Request) => Response | Promise<Response> }): Promise<void>;
}

export interface RunServiceOptions<C extends { port: number }> {
  service: string;
  /** Reads the environment; an EnvError is logged as its message alone. */
  loadConfig: () => C;
  /** Opens what the app needs, passing each through closeOnStop, and listens. */
  start: (config: C, ctx: StartContext) => Promise<{ logFields?: Record<string, unknown> }>;
}

/**
 * A service's main: load the config, start, and log "listening" with the port and the logFields.
 * On SIGTERM or SIGINT: stop accepting HTTP, close the resources newest first, exit 0 (see
 * onShutdownSignal). Any start-up failure is logged and exits 1.
 */
export async function runService<C extends { port: number }>(opts: RunServiceOptions<C>): Promise<void> {
  const log = createLogger(opts.service);
  try {
    const config = opts.loadConfig();
    const resources: Closeable[] = [];
    let server: RunningServer | undefined;
    const stopping = new AbortController();

    const stop = async (signal: NodeJS.Signals) => {
      log.info("stopping", { signal });
      // A signal during start: close what start opens too, not only part.
      await starting.catch(() => {});
      stopping.abort();
      await server?.close();
      for (const resource of resources.toReversed()) await resource.close();
      // Last, so the spans of the shutdown itself are flushed too; bounded, within the grace.
      await shutdownTelemetry();
      log.info("stopped");
    };

    const starting = opts.start(config, {
      log,
      stopping: stopping.signal,
      closeOnStop(resource) {
        resources.push(resource);
        return resource;
      },
      async listen(app) {
        if (server) throw new Error("listen() was called twice");
        server = await startServer(app, { port: config.port });
      },
    });
    // From the start: a consumer joining its group before HTTP listens leaves it again on SIGTERM.
    onShutdownSignal(stop, { onError: (error) => log.error("shutdown failed", describeError(error)) });
    const { logFields } = await starting;
    if (!server) throw new Error("start() returned without calling listen(app)");
    log.info("listening", { port: server.port, ...logFields });
  } catch (error) {
    if (error instanceof EnvError) log.error(error.message);
    else log.error("start-up failed", describeError(error));
    process.exit(1);
  }
}

/** A script's own arguments: `pnpm --filter … script -- --flag` hands it the "--" too, which parseArgs refuses. */
export function scriptArgs(argv: readonly string[] = process.argv): string[] {
  const args = argv.slice(2);
  return args[0] === "--" ? args.slice(1) : args;
}
