import { z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import {
  bearerAuth,
  createLogger,
  createServiceApp,
  errorResponses,
  IdParam,
  newToken,
  problemResponse,
  registerDocs,
  registerSecurityScheme,
  routeKit,
  type ServiceEnv,
} from "../src/index.js";
import { describeAccessConformance } from "../src/testing/index.js";

type Role = "clerk" | "admin";
type Env = { Variables: ServiceEnv["Variables"] & { caller: { name: string; role: Role } } };

const tokens = { clerk: newToken("pes_cn_"), admin: newToken("pes_cn_") };
const callers = new Map([
  [tokens.clerk, { name: "陈", role: "clerk" as const }],
  [tokens.admin, { name: "林", role: "admin" as const }],
]);
const as = (who: keyof typeof tokens) => ({ authorization: `Bearer ${tokens[who]}` });

const kit = routeKit<Env, Role>({
  authenticate: bearerAuth<Env, { name: string; role: Role }>({
    what: "a test token",
    resolve: async (_c, token) => callers.get(token),
    set: (c, caller) => c.set("caller", caller),
  }),
  principal: (c) => c.get("caller"),
  role: (c) => c.get("caller").role,
});

const Body = z.object({ name: z.string().min(1) });
const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });

const adminOnly = kit.defineRoute({
  method: "post",
  path: "/v1/things/{id}",
  summary: "Change a thing (admin)",
  access: kit.roles("admin"),
  request: { params: IdParam, body: { required: true, content: json(Body) } },
  responses: {
    200: { description: "Changed", content: json(z.object({ id: z.string(), by: z.string() })) },
    403: problemResponse("not-yours: someone else's thing"),
    ...errorResponses,
  },
});
const anyone = kit.defineRoute({
  method: "get",
  path: "/v1/things",
  summary: "List the things",
  access: kit.authenticated,
  // The route's own middleware runs after the guard.
  middleware: [
    async (c, next) => {
      await next();
      c.header("x-own-middleware", "ran");
    },
  ],
  responses: { 200: { description: "The things", content: json(z.object({ by: z.string() })) } },
});
const open = kit.defineRoute({
  method: "get",
  path: "/hello",
  summary: "Open to all",
  access: kit.public,
  responses: { 200: { description: "Hello", content: json(z.object({ hello: z.string() })) } },
});

/** No blanket authentication: each route's own guard authenticates. */
function thingsApp() {
  const app = createServiceApp<Env>({
    service: "city-node",
    version: "0.0.0",
    logger: createLogger("city-node", { silent: true }),
  });
  registerSecurityScheme(app, "A test token");
  app.openapi(adminOnly, (c) => c.json({ id: c.req.valid("param").id, by: c.get("caller").name }, 200));
  app.openapi(anyone, (c) => c.json({ by: c.get("caller").name }, 200));
  app.openapi(open, (c) => c.json({ hello: "world" }, 200));
  app.get("/v1/live", kit.guard(kit.authenticated), (c) => c.text("live"));
  registerDocs(app, { title: "Things" });
  return app;
}

describe("the route kit", () => {
  const app = thingsApp();
  const id = "00000000-0000-4000-8000-000000000001";
  const post = (headers: Record<string, string>, body: unknown = { name: "a" }) =>
    app.request(`/v1/things/${id}`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("lets the role in, and refuses another role 403 forbidden-role before looking at the input", async () => {
    const ok = await post(as("admin"));
    expect([ok.status, await ok.json()]).toEqual([200, { id, by: "林" }]);
    const refused = await post(as("clerk"), { name: "" });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(await refused.json()).toMatchObject({ type: "urn:pes:problem:forbidden-role" });
    expect((await post(as("admin"), { name: "" })).status).toBe(400);
  });

  it("authenticates in the route itself when nothing did before (401)", async () => {
    expect((await post({})).status).toBe(401);
    const refused = await app.request("/v1/things");
    expect([refused.status, refused.headers.get("x-own-middleware")]).toEqual([401, null]);
    const listed = await app.request("/v1/things", { headers: as("clerk") });
    expect([listed.status, listed.headers.get("x-own-middleware")]).toEqual([200, "ran"]);
    expect((await app.request("/v1/live")).status).toBe(401);
    expect((await app.request("/v1/live", { headers: as("clerk") })).status).toBe(200);
    expect((await app.request("/hello")).status).toBe(200);
  });

  it("documents security, the access rule and the 401/403 answers", async () => {
    const doc = (await (await app.request("/openapi.json")).json()) as {
      components: { securitySchemes: Record<string, unknown> };
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(doc.components.securitySchemes.bearerAuth).toEqual({
      type: "http",
      scheme: "bearer",
      description: "A test token",
    });
    const change = doc.paths["/v1/things/{id}"]!.post!;
    expect(change.security).toEqual([{ bearerAuth: [] }]);
    expect(change["x-access"]).toEqual(["admin"]);
    const responses = change.responses as Record<string, { description: string }>;
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(["200", "400", "401", "403", "500"]));
    expect(responses[403]!.description).toBe(
      "Your role is not admin (forbidden-role); not-yours: someone else's thing",
    );
    const list = doc.paths["/v1/things"]!.get!;
    expect([list.security, list["x-access"]]).toEqual([[{ bearerAuth: [] }], "authenticated"]);
    expect(Object.keys(list.responses as object)).toEqual(["200", "400", "401", "500"]);
    const hello = doc.paths["/hello"]!.get!;
    // Public says so explicitly (security: []), as third parties' linters expect.
    expect([hello.security, hello["x-access"], Object.keys(hello.responses as object)]).toEqual([
      [],
      "public",
      ["200", "400", "500"],
    ]);
  });

  it("gives every operation an operationId from its method and path, and says who may call it", async () => {
    const doc = (await (await app.request("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { operationId: string; description: string }>>;
    };
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.sort()).toEqual(["getHello", "getThings", "postThingsById"]);
    expect(doc.paths["/v1/things/{id}"]!.post!.description).toBe(
      "Who may call it: a caller whose bearer token has the role admin.",
    );
  });
});

describeAccessConformance({
  service: "city-node",
  minOperations: 2,
  undocumented: [["GET", "/v1/live"]],
  setup: async () => ({ app: thingsApp(), close: async () => {} }),
});
