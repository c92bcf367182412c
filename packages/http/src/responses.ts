import type { RouteConfig } from "@hono/zod-openapi";
import { IDEMPOTENCY_HEADER } from "./idempotency.js";
import { problemResponse } from "./problem.js";

/*
 * The problem answers a route gives whatever its handler does, derived from what the route is (issue
 * 18): third parties generate clients from /openapi.json, so every status the shared middleware can
 * answer must be there, with its problem type. The route kit adds them; a route's own description of
 * the same status wins (it says more).
 */

export type ProblemResponse = ReturnType<typeof problemResponse>;
export type Responses = Record<number, ProblemResponse>;

/** Every route: the input guard (createServiceApp) and the zod validators answer 400, onError 500. */
export const ALWAYS: Responses = {
  400: problemResponse(
    "The request is malformed or a field is invalid; `errors` lists each field with its path " +
      "(urn:pes:problem:validation, malformed-json, json-too-deep)",
  ),
  500: problemResponse("Unexpected error; quote the request id when reporting it (about:blank)"),
};

const NOT_FOUND = problemResponse(
  "Nothing the caller may see is named by the path's identifiers (urn:pes:problem:not-found or the resource's own code)",
);
const TOO_LARGE = problemResponse(
  "The body is larger than this route accepts (urn:pes:problem:body-too-large)",
);
const UNPROCESSABLE = problemResponse(
  "The body is well-formed but breaks a rule of the domain; the problem's `type` names the rule",
);
const IDEMPOTENCY = {
  409: problemResponse(
    "The first request with this Idempotency-Key is still being handled; retry shortly (urn:pes:problem:idempotency-in-progress)",
  ),
  422: problemResponse(
    "This Idempotency-Key was used for another request (urn:pes:problem:idempotency-key-reused)",
  ),
};

/** Whether the route's request declares a header (its `headers` object schema has it). */
function declaresHeader(request: RouteConfig["request"], name: string): boolean {
  const headers = request?.headers as { shape?: Record<string, unknown> } | unknown[] | undefined;
  if (!headers) return false;
  if (Array.isArray(headers)) return false;
  return headers.shape !== undefined && name in headers.shape;
}

/**
 * The problem responses of a route from its shape: 400 and 500 always; 404 when its path names
 * something; 413 and 422 when it takes a body; 409 and 422 when it honours an Idempotency-Key.
 * (401 and 403 come from its access rule, in the route kit.)
 */
export function standardResponses(config: Pick<RouteConfig, "path" | "request">): Responses {
  const responses: Responses = { ...ALWAYS };
  if (/\{[^}]+\}/.test(config.path)) responses[404] = NOT_FOUND;
  if (config.request?.body) Object.assign(responses, { 413: TOO_LARGE, 422: UNPROCESSABLE });
  if (declaresHeader(config.request, IDEMPOTENCY_HEADER)) Object.assign(responses, IDEMPOTENCY);
  return responses;
}

/**
 * A stable operationId from the method and path, so no route can forget one and generated clients
 * get readable names: `GET /v1/unemployment-registrations/{id}` → `getUnemploymentRegistrationsById`.
 * The version segment v1 is left out (every route has it); another version stays in (`getV2Node`).
 */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split("/")
    .filter((segment) => segment !== "" && segment !== "v1")
    .flatMap((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      return param ? ["by", ...wordsOf(param[1]!)] : wordsOf(segment);
    });
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
}

const wordsOf = (text: string) => text.split(/[^A-Za-z0-9]+/).filter(Boolean);
