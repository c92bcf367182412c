import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** One invalid field: where it is (`in` the body, query, path or headers) and what is wrong with it. */
export const FieldErrorSchema = z
  .object({
    path: z.string().openapi({ example: "person.idNumber" }),
    message: z.string(),
    in: z.enum(["body", "query", "path", "header", "cookie"]).optional(),
  })
  .openapi("FieldError");
export type FieldError = z.infer<typeof FieldErrorSchema>;

/** RFC 9457 problem details, the one error shape of every service. */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "urn:pes:problem:validation" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .openapi("Problem");
export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export interface ProblemInit {
  status: number;
  /** Short stable name of the kind of problem; becomes `type` as urn:pes:problem:<code>. Absent → about:blank. */
  code?: string;
  title?: string;
  detail?: string;
  errors?: FieldError[];
  /** Extension members (RFC 9457 §3.2), e.g. the readiness checks. */
  extensions?: Record<string, unknown>;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export function problemBody(c: Context, init: ProblemInit): Problem {
  const body: Problem = {
    ...init.extensions,
    type: init.code ? `urn:pes:problem:${init.code}` : "about:blank",
    title: init.title ?? TITLES[init.status] ?? "Error",
    status: init.status,
    instance: c.req.path,
  };
  if (init.detail) body.detail = init.detail;
  const requestId: unknown = c.get("requestId");
  if (typeof requestId === "string") body.requestId = requestId;
  if (init.errors?.length) body.errors = init.errors;
  return body;
}

/** A problem+json response; the request id middleware has already put X-Request-Id on it. */
export function problem(c: Context, init: ProblemInit): Response {
  return c.body(JSON.stringify(problemBody(c, init)), init.status as ContentfulStatusCode, {
    "Content-Type": PROBLEM_CONTENT_TYPE,
  });
}

/** The 400 every service answers for input that fails its schema, with the path of each field. */
export function invalidRequest(c: Context, errors: FieldError[]): Response {
  return problem(c, {
    status: 400,
    code: "validation",
    title: "Invalid request",
    detail: "One or more fields are invalid; see errors.",
    errors,
  });
}

const LOCATIONS: Record<string, FieldError["in"]> = {
  json: "body",
  form: "body",
  query: "query",
  param: "path",
  header: "header",
  cookie: "cookie",
};

/** Zod issues as field errors; `target` is the validation target of @hono/zod-openapi (json, query, param...). */
export function fieldErrors(error: z.core.$ZodError, target?: string): FieldError[] {
  const where = target ? LOCATIONS[target] : undefined;
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    return { path: path || "(root)", message: issue.message, ...(where ? { in: where } : {}) };
  });
}

/** The OpenAPI description of a problem response, for a route's `responses`. */
export function problemResponse(description: string) {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } } as const;
}

/** Spread into every route's responses, as Unkey does, so each documents the shared error shape. */
export const errorResponses = {
  400: problemResponse("The request is malformed or a field is invalid; `errors` lists each field"),
  500: problemResponse("Unexpected error; quote the request id when reporting it"),
} as const;
