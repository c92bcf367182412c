import type { Env, Hono, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/*
 * /metrics, the Prometheus text format, read from registries of the service instance's own, never
 * prom-client's global one: the tests run several apps in one process. The app's registry holds its
 * HTTP figures; its services bring theirs (the streams' counters, lag and outbox, a market's webhooks).
 */

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * Counts each request and its duration by method, route template and status. The route is the pattern
 * the request matched (`/v1/persons/:id`, or a middleware's `/*` when none did), never the raw path:
 * no ID, no personal data and no unbounded set of labels.
 */
export function httpMetrics(registry: Registry): MiddlewareHandler {
  const labelNames = ["method", "route", "status"] as const;
  const requests = new Counter({
    name: "pes_http_requests_total",
    help: "HTTP requests answered, by method, route template and status",
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "pes_http_request_duration_seconds",
    help: "Time to answer an HTTP request (to its headers, for a stream), by method, route template and status",
    labelNames,
    registers: [registry],
  });
  return async function countRequest(c, next) {
    const started = performance.now();
    await next();
    const labels = {
      method: METHODS.has(c.req.method) ? c.req.method : "OTHER",
      route: routePath(c, -1),
      status: String(c.res.status),
    };
    requests.inc(labels);
    duration.observe(labels, (performance.now() - started) / 1000);
  };
}

/** What a service's services may bring to /metrics: a registry of their own, their streams'. */
export function registriesOf(services: unknown): Registry[] {
  const s = services as { metrics?: unknown; streams?: { metrics?: { registry?: unknown } } } | undefined;
  return [s?.metrics, s?.streams?.metrics?.registry].filter(isRegistry);
}

function isRegistry(r: unknown): r is Registry {
  return typeof (r as Registry | undefined)?.getMetricsAsArray === "function";
}

/** The process's own figures (CPU, memory, event-loop delay, GC), once per process that serves. */
export function processRegistry(): Registry {
  const registry = new Registry();
  // Under their usual names (process_*, nodejs_*), which the common dashboards expect.
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * GET /metrics behind `guard` (the app's authentication and role check: Prometheus sends a bearer
 * token like any caller), the merge of `registries()` as the Prometheus text format.
 */
export function registerMetrics<E extends Env>(
  app: Hono<E>,
  opts: { guard: MiddlewareHandler<E>; registries: () => Registry[] },
): void {
  app.get("/metrics", opts.guard, async (c) => {
    const merged = Registry.merge(opts.registries());
    return c.body(await merged.metrics(), 200, { "content-type": merged.contentType });
  });
}
