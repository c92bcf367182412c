import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { type RequestIdVariables, requestId } from "hono/request-id";
import { Registry } from "prom-client";
import { z } from "zod";
import { DomainError, statusOfDomainError } from "./errors.js";
import { type InputRules, inputGuard } from "./input.js";
import { createLogger, describeError, type Logger } from "./log.js";
import { httpMetrics } from "./metrics.js";
import { fieldErrors, invalidRequest, problem } from "./problem.js";
import { securityHeaders } from "./security-headers.js";

export interface ServiceInfo {
  /** e.g. "province-hub", "city-node" */
  service: string;
  version: string;
  /** Where unexpected errors are logged; default a JSON-lines logger named after the service. */
  logger?: Logger;
  /** Body size and JSON depth limits (default 1 MiB and 32); see input.ts and allowBodySize. */
  inputRules?: InputRules;
}

/** What the shared middleware puts on the context; apps extend it with their own variables. */
export type ServiceEnv = { Variables: RequestIdVariables };

const infoOf = new WeakMap<object, ServiceInfo>();
const registryOf = new WeakMap<object, Registry>();

/** The service and version given to createServiceApp, for health and docs. */
export function serviceInfoOf(app: object): ServiceInfo {
  const info = infoOf.get(app);
  if (!info) throw new Error("this app was not made by createServiceApp");
  return info;
}

/** The app's own Prometheus registry: its HTTP requests and their latency (metrics.ts). */
export function httpRegistryOf(app: object): Registry {
  const registry = registryOf.get(app);
  if (!registry) throw new Error("this app was not made by createServiceApp");
  return registry;
}

/**
 * An OpenAPIHono whose every failure answers in RFC 9457 problem+json: zod validation of any route
 * (400, with one entry per invalid field), thrown DomainErrors (mapped by kind), HTTPExceptions,
 * unknown paths (404) and unexpected errors (500, logged with the request id).
 */
export function createServiceApp<E extends ServiceEnv = ServiceEnv>(info: ServiceInfo): OpenAPIHono<E> {
  const logger = info.logger ?? createLogger(info.service);
  const app = new OpenAPIHono<E>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return invalidRequest(c, fieldErrors(result.error, result.target));
      }
    },
  });
  infoOf.set(app, info);
  const registry = new Registry();
  registryOf.set(app, registry);

  app.use(requestId({ limitLength: 128 }));
  // Outermost but for the request id: every answer counts, problems and refused input too.
  app.use(httpMetrics(registry));
  // On every answer, problems and /docs too; a route's own policy (the hub console's CSP) is kept.
  app.use(securityHeaders());
  // One line per request: the route pattern, never the raw URL or body, so no personal data.
  app.use(async function logRequest(c, next) {
    const started = performance.now();
    await next();
    logger.info("request", {
      requestId: c.get("requestId"),
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });
  // Before any app middleware or handler: body size, JSON depth, no control characters (input.ts).
  app.use(inputGuard(app, info.inputRules));

  app.notFound((c) => problem(c, { status: 404, detail: `No route for ${c.req.method} ${c.req.path}` }));

  app.onError((err, c) => {
    if (err instanceof DomainError) {
      return problem(c, {
        status: statusOfDomainError(err),
        code: err.code,
        detail: err.message,
        ...(err.errors ? { errors: err.errors } : {}),
        ...(err.options.extensions ? { extensions: err.options.extensions } : {}),
      });
    }
    if (err instanceof z.core.$ZodError) {
      return invalidRequest(c, fieldErrors(err));
    }
    if (err instanceof HTTPException) {
      return problem(c, { status: err.status, ...(err.message ? { detail: err.message } : {}) });
    }
    logger.error("unhandled error", {
      requestId: c.get("requestId"),
      method: c.req.method,
      path: c.req.routePath,
      ...describeError(err),
    });
    return problem(c, {
      status: 500,
      detail: "An unexpected error occurred; quote the request id when reporting it.",
    });
  });

  return app;
}
