import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { serviceInfoOf } from "./app.js";
import { PROBLEM_CONTENT_TYPE, ProblemSchema, problemBody } from "./problem.js";
import { openRoute } from "./routes.js";

/** A readiness check: resolves when the dependency answers, throws (or times out) when it does not. */
export type ReadinessCheck = () => Promise<void>;

export interface HealthOptions {
  /** e.g. { database: () => db.ping(), kafka: () => kafka.check() } */
  checks: Record<string, ReadinessCheck>;
  /** Per check; a check still running then counts as failed. Default 2000 ms. */
  timeoutMs?: number;
}

const CheckResultSchema = z
  .object({
    status: z.enum(["ok", "fail"]),
    durationMs: z.number().int(),
    error: z.string().optional(),
  })
  .openapi("ReadinessCheck");
type CheckResult = z.infer<typeof CheckResultSchema>;

const HealthSchema = z
  .object({
    status: z.literal("ok"),
    service: z.string(),
    version: z.string(),
    uptimeSeconds: z.number().int(),
  })
  .openapi("Health");

const ReadySchema = z
  .object({ status: z.literal("ready"), checks: z.record(z.string(), CheckResultSchema) })
  .openapi("Ready");

const NotReadySchema = ProblemSchema.extend({ checks: z.record(z.string(), CheckResultSchema) }).openapi(
  "NotReady",
);

const healthRoute = openRoute({
  method: "get",
  path: "/healthz",
  tags: ["Operations"],
  summary: "Liveness: the process is up",
  responses: { 200: { description: "Alive", content: { "application/json": { schema: HealthSchema } } } },
});

const readyRoute = openRoute({
  method: "get",
  path: "/readyz",
  tags: ["Operations"],
  summary: "Readiness: every dependency (database, Kafka) answers",
  responses: {
    200: { description: "Every check passed", content: { "application/json": { schema: ReadySchema } } },
    503: {
      description: "At least one check failed; `errors` names each failed check",
      content: { [PROBLEM_CONTENT_TYPE]: { schema: NotReadySchema } },
    },
  },
});

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: "ok", durationMs: Math.round(performance.now() - started) };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return { status: "fail", durationMs: Math.round(performance.now() - started), error };
  } finally {
    clearTimeout(timer);
  }
}

/** GET /healthz (alive) and GET /readyz (each check run in parallel, each with its own timeout). */
// biome-ignore lint/suspicious/noExplicitAny: any app, whatever variables it adds to the context
export function registerHealthRoutes<A extends OpenAPIHono<any>>(app: A, opts: HealthOptions): A {
  const { service, version } = serviceInfoOf(app);
  const timeoutMs = opts.timeoutMs ?? 2000;
  const started = Date.now();

  app.openapi(healthRoute, (c) =>
    c.json(
      { status: "ok" as const, service, version, uptimeSeconds: Math.floor((Date.now() - started) / 1000) },
      200,
    ),
  );

  app.openapi(readyRoute, async (c) => {
    const names = Object.keys(opts.checks);
    const results = await Promise.all(names.map((name) => runCheck(opts.checks[name]!, timeoutMs)));
    const checks = Object.fromEntries(names.map((name, i) => [name, results[i]!]));
    const failed = names.filter((name) => checks[name]!.status === "fail");
    c.header("Cache-Control", "no-store");
    if (failed.length === 0) return c.json({ status: "ready" as const, checks }, 200);
    const body = problemBody(c, {
      status: 503,
      code: "not-ready",
      title: "Not ready",
      detail: `Failed: ${failed.join(", ")}`,
      errors: failed.map((name) => ({ path: name, message: checks[name]!.error ?? "failed" })),
    });
    return c.json({ ...body, checks }, 503, { "Content-Type": PROBLEM_CONTENT_TYPE });
  });

  return app;
}
