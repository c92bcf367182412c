import { createRoute, z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import {
  allowBodySize,
  createLogger,
  createServiceApp,
  errorResponses,
  jsonDepth,
  type Problem,
} from "../src/index.js";

/** An app whose handlers take anything a plain z.string() takes and count what reaches them. */
function plainApp() {
  const reached: unknown[] = [];
  const app = createServiceApp({
    service: "tiny",
    version: "1",
    logger: createLogger("tiny", { silent: true }),
  });
  app.openapi(
    createRoute({
      method: "post",
      path: "/things/{id}",
      request: {
        params: z.object({ id: z.string() }),
        query: z.object({ q: z.string().optional() }),
        body: { content: { "application/json": { schema: z.object({}).passthrough() } } },
      },
      responses: { 201: { description: "Created" }, ...errorResponses },
    }),
    async (c) => {
      reached.push(c.req.valid("json"));
      return c.body(null, 201);
    },
  );
  app.post("/upload", async (c) => {
    reached.push((await c.req.text()).length);
    return c.body(null, 201);
  });
  app.post("/form", async (c) => {
    reached.push(await c.req.parseBody());
    return c.body(null, 201);
  });
  allowBodySize(app, "POST", "/upload", 3 * 1024 * 1024);
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    app.request(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  return { app, reached, post };
}

async function problemOf(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return (await res.json()) as Problem;
}

const BAD = [
  ["NUL", "陈\u0000明"],
  ["U+0001", "a\u0001"],
  ["U+001F", "a\u001f"],
  ["carriage return", "a\rb"],
  ["DEL", "a\u007f"],
  ["a lone high surrogate", "a\ud800"],
  ["a lone low surrogate", "\udc00a"],
] as const;

describe("control characters in a JSON body", () => {
  it.each(BAD)("refuses %s at the field's path before the handler runs", async (_, bad) => {
    const { post, reached } = plainApp();
    const res = await post("/things/a1", JSON.stringify({ person: { names: ["ok", bad] } }));
    expect(res.status).toBe(400);
    const body = await problemOf(res);
    expect(body.type).toBe("urn:pes:problem:validation");
    expect(body.errors).toEqual([{ path: "person.names.1", in: "body", message: expect.any(String) }]);
    expect(reached).toEqual([]);
  });

  it("refuses a property name holding NUL", async () => {
    const { post, reached } = plainApp();
    const res = await post("/things/a1", JSON.stringify({ person: { "na\u0000me": "x" } }));
    expect(res.status).toBe(400);
    expect((await problemOf(res)).errors?.[0]).toMatchObject({ path: "person", in: "body" });
    expect(reached).toEqual([]);
  });

  it("leaves tab and newline to the schemas (free text keeps them), and takes surrogate pairs and CJK", async () => {
    const { post, reached } = plainApp();
    const res = await post("/things/a1", JSON.stringify({ note: "第一行\n第二行\t完", name: "𠮷野家 👍" }));
    expect(res.status).toBe(201);
    expect(reached).toEqual([{ note: "第一行\n第二行\t完", name: "𠮷野家 👍" }]);
  });
});

describe("control characters in the URL and headers", () => {
  it.each([
    ["NUL", "%00"],
    ["newline", "%0A"],
    ["DEL", "%7F"],
    ["a lone surrogate (CESU-8)", "%ED%A0%80"],
    ["invalid UTF-8", "%FF"],
  ])("refuses %s in a path parameter, naming it", async (_, bad) => {
    const { post, reached } = plainApp();
    const res = await post(`/things/a${bad}`, "{}");
    expect(res.status).toBe(400);
    expect((await problemOf(res)).errors).toEqual([{ path: "id", in: "path", message: expect.any(String) }]);
    expect(reached).toEqual([]);
  });

  it.each([
    ["NUL", "%00"],
    ["tab", "%09"],
    ["a lone surrogate", "%ED%B0%80"],
  ])("refuses %s in a query parameter", async (_, bad) => {
    const { post, reached } = plainApp();
    const res = await post(`/things/a1?q=x${bad}`, "{}");
    expect(res.status).toBe(400);
    expect((await problemOf(res)).errors).toEqual([{ path: "q", in: "query", message: expect.any(String) }]);
    expect(reached).toEqual([]);
  });

  it("refuses a control character in a header value", async () => {
    const { post, reached } = plainApp();
    const res = await post("/things/a1", "{}", { "x-purpose": "audit\u0001" });
    expect(res.status).toBe(400);
    expect((await problemOf(res)).errors).toEqual([
      { path: "x-purpose", in: "header", message: expect.any(String) },
    ]);
    expect(reached).toEqual([]);
  });

  it("takes percent-encoded CJK in the path and query", async () => {
    const { post } = plainApp();
    const res = await post(`/things/${encodeURIComponent("厦门")}?q=${encodeURIComponent("𠮷")}`, "{}");
    expect(res.status).toBe(201);
  });
});

describe("form bodies", () => {
  it("refuses NUL in a urlencoded field", async () => {
    const { app, reached } = plainApp();
    const res = await app.request("/form", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "token=abc%00def",
    });
    expect(res.status).toBe(400);
    expect((await problemOf(res)).errors).toEqual([
      { path: "token", in: "body", message: expect.any(String) },
    ]);
    expect(reached).toEqual([]);
  });

  it("refuses NUL in a multipart field", async () => {
    const { app, reached } = plainApp();
    const form = new FormData();
    form.set("token", "abc\u0000");
    const res = await app.request("/form", { method: "POST", body: form });
    expect(res.status).toBe(400);
    expect((await problemOf(res)).errors?.[0]).toMatchObject({ path: "token", in: "body" });
    expect(reached).toEqual([]);
  });
});

describe("body size", () => {
  const json = (bytes: number) => JSON.stringify({ text: "a".repeat(bytes) });

  it("refuses a body over 1 MiB with 413 problem+json", async () => {
    const { post, reached } = plainApp();
    const res = await post("/things/a1", json(1024 * 1024));
    expect(res.status).toBe(413);
    expect((await problemOf(res)).type).toBe("urn:pes:problem:body-too-large");
    expect(reached).toEqual([]);
  });

  it("refuses an oversize body sent without a length (chunked)", async () => {
    const { app, reached } = plainApp();
    const chunk = new TextEncoder().encode("a".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"text":"'));
        if (sent > 2 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await app.request("/things/a1", {
      method: "POST",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    await problemOf(res);
    expect(reached).toEqual([]);
  });

  it("takes a body just under the limit", async () => {
    const { post } = plainApp();
    expect((await post("/things/a1", json(1024 * 1024 - 100))).status).toBe(201);
  });

  it("lets a route allow more (allowBodySize), and no more than that", async () => {
    const { post, reached } = plainApp();
    expect((await post("/upload", json(2 * 1024 * 1024))).status).toBe(201);
    expect(reached).toEqual([2 * 1024 * 1024 + 11]);
    expect((await post("/upload", json(3 * 1024 * 1024))).status).toBe(413);
  });

  it("a service may set its own default", async () => {
    const app = createServiceApp({
      service: "tiny",
      version: "1",
      logger: createLogger("tiny", { silent: true }),
      inputRules: { bodyLimit: 10, maxJsonDepth: 2 },
    });
    app.post("/x", (c) => c.body(null, 204));
    const post = (body: string) =>
      app.request("/x", { method: "POST", headers: { "content-type": "application/json" }, body });
    expect((await post('{"a":"0123456789"}')).status).toBe(413);
    expect((await post("[[1]]")).status).toBe(204);
    expect((await post("[[[1]]]")).status).toBe(400);
  });
});

describe("JSON nesting and syntax", () => {
  it("refuses a body nested 1000 deep with 400 problem+json, before parsing it", async () => {
    const { post, reached } = plainApp();
    const res = await post("/things/a1", `${"[".repeat(1000)}${"]".repeat(1000)}`);
    expect(res.status).toBe(400);
    expect((await problemOf(res)).type).toBe("urn:pes:problem:json-too-deep");
    expect(reached).toEqual([]);
  });

  it("takes 32 levels, refuses 33", async () => {
    const { post } = plainApp();
    const nested = (n: number) => `${'{"a":'.repeat(n - 1)}{}${"}".repeat(n - 1)}`;
    expect((await post("/things/a1", nested(32))).status).toBe(201);
    expect((await post("/things/a1", nested(33))).status).toBe(400);
  });

  it("does not count brackets inside strings", () => {
    expect(jsonDepth('{"a":"[[[[{{{{\\"]]"}')).toBe(1);
  });

  it.each(['{"name": ', "{'a': 1}", '{"a": 1}}', "nul"])(
    "refuses malformed JSON %s with 400 problem+json",
    async (text) => {
      const { post, reached } = plainApp();
      const res = await post("/things/a1", text);
      expect(res.status).toBe(400);
      expect((await problemOf(res)).type).toBe("urn:pes:problem:malformed-json");
      expect(reached).toEqual([]);
    },
  );
});
