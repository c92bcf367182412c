import { type AddressInfo, isIP } from "node:net";
import { serve } from "@hono/node-server";

export interface RunningServer {
  port: number;
  /** The address it listens on, e.g. 127.0.0.1 or 0.0.0.0 (every interface). */
  address: string;
  close(): Promise<void>;
}

/**
 * The address a service listens on: PES_BIND_HOST, else every interface (0.0.0.0), as a container
 * needs. `npm start` (infra/scripts/platform.ts) sets 127.0.0.1 unless PES_BIND_HOST says otherwise,
 * so a developer's platform is not reachable from the network. Every service's env schema checks it
 * at start-up (serviceEnvShape); read here so a server started without one (tests, tools) follows it too.
 */
export function bindHostOf(env: Record<string, string | undefined> = process.env): string {
  const host = env.PES_BIND_HOST?.trim();
  if (!host) return "0.0.0.0";
  if (isIP(host) === 0 && host !== "localhost")
    throw new Error(
      `PES_BIND_HOST: must be an IP address (e.g. 127.0.0.1, 0.0.0.0, ::) or localhost, not "${host}"`,
    );
  return host;
}

/** Listens on `port` (0 → any free port) at `hostname` (default bindHostOf()) and resolves once it accepts connections. */
export function startServer(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  opts: { port: number; hostname?: string },
): Promise<RunningServer> {
  return new Promise((resolveStarted, reject) => {
    const server = serve(
      { fetch: app.fetch, port: opts.port, hostname: opts.hostname ?? bindHostOf() },
      (info: AddressInfo) => {
        resolveStarted({
          port: info.port,
          address: info.address,
          close: () =>
            new Promise<void>((resolveClosed, rejectClosed) => {
              server.close((err) => (err ? rejectClosed(err) : resolveClosed()));
              // Idle keep-alive connections would hold close() open until they time out.
              if ("closeIdleConnections" in server) server.closeIdleConnections();
            }),
        });
      },
    );
    server.once("error", reject);
  });
}

/**
 * Within an orchestrator's usual 30 s: a consumer finishes its in-flight chunk before it leaves its
 * group, and on a loaded node (or with a backlog of records to dead-letter one by one) that took
 * longer than 10 s.
 */
const SHUTDOWN_GRACE_MS = 25_000;

/**
 * Runs `shutdown` once on SIGTERM or SIGINT, then exits 0; exits 1 if it throws or takes longer
 * than `graceMs`. A second signal during shutdown is ignored.
 */
export function onShutdownSignal(
  shutdown: (signal: NodeJS.Signals) => Promise<void>,
  opts: { graceMs?: number; onError?: (error: unknown) => void } = {},
): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => {
      opts.onError?.(new Error(`shutdown took longer than ${opts.graceMs ?? SHUTDOWN_GRACE_MS} ms`));
      process.exit(1);
    }, opts.graceMs ?? SHUTDOWN_GRACE_MS);
    timer.unref();
    shutdown(signal).then(
      () => process.exit(0),
      (error) => {
        opts.onError?.(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", handler);
  process.on("SIGINT", handler);
}
