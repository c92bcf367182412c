import { createLogger, describeError, type Logger } from "@pes/http";
import type { Context } from "hono";
import type { AppEnv } from "../../context.js";
import { SERVICE } from "../../env.js";
import type { ItemResult, Refusal, RefusalReason } from "../../use-cases/batches/index.js";

/** The status a single request would have got for the same refusal. */
const STATUS: Record<RefusalReason, number> = {
  schema: 400,
  invalid: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 401,
  unavailable: 503,
  internal: 500,
};

const TITLE: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  422: "Unprocessable Content",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** An item's refusal as RFC 9457 problem details, as a single POST would have answered it. */
export function problemOfRefusal(refusal: Refusal) {
  const status = STATUS[refusal.reason];
  return {
    type: `urn:pes:problem:${refusal.code}`,
    title: TITLE[status] ?? "Error",
    status,
    detail: refusal.message,
    ...(refusal.errors.length ? { errors: refusal.errors } : {}),
  };
}

/** An item's result as the answer shows it. */
export function itemView({ refusal, ...result }: ItemResult) {
  return refusal ? { ...result, problem: problemOfRefusal(refusal) } : result;
}

/** The service's logger, for what an item met that no rule explains. */
export const loggerOf = (c: Context<AppEnv>): Logger => c.get("services").logger ?? createLogger(SERVICE);

export const logUnexpected =
  (log: Logger, requestId: string | undefined) => (error: unknown, item: { index: number; kind: string }) =>
    log.error("batch item failed unexpectedly", { requestId, ...item, ...describeError(error) });
