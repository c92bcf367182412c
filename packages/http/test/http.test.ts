import { createRoute, z } from "@hono/zod-openapi";
import { TEST_BROKERS } from "@pes/sync/testing";
import { describe, expect, it } from "vitest";
import {
  createKafkaProbe,
  createLogger,
  createServiceApp,
  DomainError,
  describeError,
  EnvError,
  errorResponses,
  loadEnv,
  type Problem,
  registerDocs,
  registerHealthRoutes,
  requireKafkaTls,
  requireSecretInProduction,
  resolveServiceConfig,
  serviceEnvShape,
} from "../src/index.js";

function tinyApp(checks: Record<string, () => Promise<void>> = {}) {
  const app = createServiceApp({
    service: "tiny",
    version: "1.2.3",
    logger: createLogger("tiny", { silent: true }),
  });
  app.openapi(
    createRoute({
      method: "post",
      path: "/persons/{city}",
      request: {
        params: z.object({ city: z.string().regex(/^\d{6}$/) }),
        query: z.object({ dryRun: z.enum(["true", "false"]).optional() }),
        body: {
          content: {
            "application/json": {
              schema: z.object({
                name: z.string().min(1),
                contact: z.object({ phone: z.string().length(11) }),
              }),
            },
          },
        },
      },
      responses: {
        201: {
          description: "Created",
          content: { "application/json": { schema: z.object({ ok: z.boolean() }) } },
        },
        ...errorResponses,
      },
    }),
    (c) => c.json({ ok: true }, 201),
  );
  app.get("/conflict", () => {
    throw new DomainError(
      "conflict",
      "registration-open-elsewhere",
      "An unemployment registration is open elsewhere",
    );
  });
  app.get("/boom", () => {
    throw new Error("something internal");
  });
  registerHealthRoutes(app, { checks, timeoutMs: 200 });
  registerDocs(app, { title: "Tiny API" });
  return app;
}

const post = (app: ReturnType<typeof tinyApp>, path: string, body: unknown) =>
  app.request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

describe("problem+json", () => {
  it("turns a zod failure into 400 with one entry per invalid field", async () => {
    const res = await post(tinyApp(), "/persons/350200", { name: "", contact: { phone: "12" } });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = (await res.json()) as Problem;
    expect(body).toMatchObject({
      type: "urn:pes:problem:validation",
      status: 400,
      instance: "/persons/350200",
    });
    expect(body.errors?.map((e) => [e.in, e.path])).toEqual([
      ["body", "name"],
      ["body", "contact.phone"],
    ]);
    expect(body.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("names path and query parameters too", async () => {
    const valid = { name: "x", contact: { phone: "13800000000" } };
    const badPath = await post(tinyApp(), "/persons/xm", valid);
    expect(((await badPath.json()) as Problem).errors).toEqual([
      expect.objectContaining({ in: "path", path: "city" }),
    ]);
    const badQuery = await post(tinyApp(), "/persons/350200?dryRun=maybe", valid);
    expect(((await badQuery.json()) as Problem).errors).toEqual([
      expect.objectContaining({ in: "query", path: "dryRun" }),
    ]);
  });

  it("passes a valid request through", async () => {
    const res = await post(tinyApp(), "/persons/350200", { name: "x", contact: { phone: "13800000000" } });
    expect(res.status).toBe(201);
  });

  it("answers malformed JSON with 400 problem", async () => {
    const res = await tinyApp().request("/persons/350200", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("maps a DomainError by kind, with its code as the type", async () => {
    const res = await tinyApp().request("/conflict");
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      type: "urn:pes:problem:registration-open-elsewhere",
      title: "Conflict",
      detail: "An unemployment registration is open elsewhere",
    });
  });

  it("hides unexpected errors behind a 500 with the request id", async () => {
    const res = await tinyApp().request("/boom", { headers: { "X-Request-Id": "req-42" } });
    expect(res.status).toBe(500);
    const body = (await res.json()) as Problem;
    expect(body.detail).not.toContain("something internal");
    expect(body.requestId).toBe("req-42");
    expect(res.headers.get("x-request-id")).toBe("req-42");
  });

  it("answers unknown paths with 404 problem and generates a request id", async () => {
    const res = await tinyApp().request("/nowhere");
    expect(res.status).toBe(404);
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toMatchObject({ type: "about:blank", title: "Not Found", status: 404 });
  });

  it("replaces a request id with unsafe characters", async () => {
    const res = await tinyApp().request("/healthz", { headers: { "X-Request-Id": "<script>" } });
    expect(res.headers.get("x-request-id")).not.toBe("<script>");
  });
});

describe("health and readiness", () => {
  it("says alive with service and version", async () => {
    const res = await tinyApp().request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", service: "tiny", version: "1.2.3" });
  });

  it("is ready when every check passes", async () => {
    const res = await tinyApp({ database: async () => {} }).request("/readyz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ready", checks: { database: { status: "ok" } } });
  });

  it("is 503 naming the failed and the hanging checks", async () => {
    const app = tinyApp({
      database: async () => {},
      kafka: async () => {
        throw new Error("connection refused");
      },
      slow: () => new Promise<void>(() => {}),
    });
    const started = Date.now();
    const res = await app.request("/readyz");
    expect(Date.now() - started).toBeLessThan(1500);
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = (await res.json()) as Problem & { checks: Record<string, { status: string }> };
    expect(body.errors?.map((e) => e.path).sort()).toEqual(["kafka", "slow"]);
    expect(body.checks.database?.status).toBe("ok");
    expect(body.errors?.find((e) => e.path === "slow")?.message).toContain("200 ms");
  });
});

describe("docs", () => {
  it("serves an OpenAPI 3.1 document with the routes and the problem schema", async () => {
    const res = await tinyApp().request("/openapi.json");
    const doc = (await res.json()) as {
      openapi: string;
      info: { title: string; version: string };
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: "Tiny API", version: "1.2.3" });
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/persons/{city}", "/healthz", "/readyz"]),
    );
    expect(doc.components.schemas).toHaveProperty("Problem");
  });

  it("serves the Scalar page with its bundle from node_modules, not a CDN", async () => {
    const app = tinyApp();
    const page = await app.request("/docs");
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain('src="docs/scalar.js"');
    expect(html).not.toContain("cdn.jsdelivr.net");
    const bundle = await app.request("/docs/scalar.js");
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toContain("javascript");
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});

describe("env", () => {
  const schema = z.object({ ...serviceEnvShape({ port: 8080 }) }).superRefine((env, ctx) => {
    requireSecretInProduction(env, ctx);
    requireKafkaTls(env, ctx);
  });

  it("applies the defaults", () => {
    const env = loadEnv(schema, {});
    expect(env.PORT).toBe(8080);
    expect(env.KAFKA_BROKERS).toEqual(["127.0.0.1:19094"]);
    const config = resolveServiceConfig(env, { service: "city-node", instance: "350200" });
    expect(config.dataDir).toMatch(/\.pes\/data\/city-node-350200$/);
    expect(config.personKeySecret.length).toBeGreaterThanOrEqual(16);
  });

  it("names each wrong variable", () => {
    const fail = (source: Record<string, string>) => {
      try {
        loadEnv(schema, source);
      } catch (e) {
        expect(e).toBeInstanceOf(EnvError);
        return (e as Error).message;
      }
      throw new Error("expected an EnvError");
    };
    expect(fail({ PORT: "eighty" })).toMatch(/PORT: /);
    expect(fail({ PORT: "70000" })).toMatch(/PORT: must be between/);
    expect(fail({ KAFKA_BROKERS: "localhost" })).toMatch(/KAFKA_BROKERS: /);
    expect(fail({ DATABASE_URL: "mysql://x" })).toMatch(/DATABASE_URL: /);
    expect(fail({ PES_PERSON_KEY_SECRET: "short" })).toMatch(/PES_PERSON_KEY_SECRET: /);
    expect(fail({ NODE_ENV: "production" })).toMatch(/PES_PERSON_KEY_SECRET: is required/);
    // Kafka over mutual TLS: production refuses plaintext; the files must exist and come together.
    expect(fail({ NODE_ENV: "production" })).toMatch(
      /KAFKA_CREDENTIALS: is required when NODE_ENV=production/,
    );
    expect(fail({ KAFKA_CREDENTIALS: "/nonexistent/pes-credentials" })).toMatch(
      /KAFKA_CREDENTIALS: must be a folder/,
    );
    expect(fail({ KAFKA_TLS_CA: "/nonexistent/ca.pem" })).toMatch(/KAFKA_TLS_CA: must be the path/);
    expect(fail({ KAFKA_TLS_CA: import.meta.filename })).toMatch(
      /KAFKA_TLS_CERT: is required with the other/,
    );
    expect(fail({ PES_BIND_HOST: "example.com" })).toMatch(/PES_BIND_HOST: must be an IP address/);
    expect(loadEnv(schema, { PES_BIND_HOST: "127.0.0.1" }).PES_BIND_HOST).toBe("127.0.0.1");
  });
});

describe("kafka probe", () => {
  it("passes against the real broker and reuses its connection", async () => {
    const probe = createKafkaProbe({ clientId: "http-test", brokers: TEST_BROKERS });
    try {
      await probe.check();
      await probe.check();
    } finally {
      await probe.close();
    }
  });

  it("fails fast when nothing listens", async () => {
    const probe = createKafkaProbe({ clientId: "http-test", brokers: ["127.0.0.1:1"] });
    const started = Date.now();
    try {
      await expect(probe.check()).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await probe.close();
    }
  });
});

describe("describeError", () => {
  it("never tells a failed query's parameters, which may be personal data", () => {
    const failed = new Error(
      'Failed query: insert into pes_outbox (payload) values ($1)\nparams: {"idNumber":"350203199003070011"}',
      { cause: new Error("deadlock detected") },
    );
    const described = describeError(failed);
    expect(JSON.stringify(described)).not.toContain("350203199003070011");
    expect(described).toEqual({
      error: "Error",
      message: "Failed query: insert into pes_outbox (payload) values ($1)",
      cause: "deadlock detected",
    });
  });
});
