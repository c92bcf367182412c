import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import { serviceInfoOf } from "./app.js";

export interface DocsOptions {
  title: string;
  /** Default: the version given to createServiceApp. */
  version?: string;
  description?: string;
}

const require = createRequire(import.meta.url);
let scalarBundle: Buffer | undefined;

/**
 * The Scalar browser bundle from node_modules: government networks are often offline, so /docs
 * must not depend on a CDN. Read once, on the first request for it. Since 1.52 the package exports
 * no path to it; its package.json names it as the "browser" entry (a single self-contained file).
 */
function loadScalarBundle(): Buffer {
  scalarBundle ??= readFileSync(scalarBundlePath());
  return scalarBundle;
}

function scalarBundlePath(): string {
  let dir = dirname(require.resolve("@scalar/api-reference"));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; browser?: unknown };
      if (pkg.name === "@scalar/api-reference") {
        if (typeof pkg.browser !== "string") throw new Error("@scalar/api-reference names no browser bundle");
        return join(dir, pkg.browser);
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error("@scalar/api-reference: package.json not found");
    dir = up;
  }
}

type Document = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;

/** Every tag the operations use, in order of first use: a linter wants each declared at the top. */
function withTags(doc: Document): Document {
  const tags = new Set<string>();
  for (const item of Object.values(doc.paths ?? {}))
    for (const operation of Object.values(item ?? {}))
      for (const tag of (operation as { tags?: string[] } | undefined)?.tags ?? []) tags.add(tag);
  return { ...doc, tags: [...tags].map((name) => ({ name })) };
}

/**
 * GET /openapi.json (OpenAPI 3.1, from the routes' zod schemas) and GET /docs (Scalar reference).
 * Register after the routes are defined or before, either works: the document is built per request.
 * Links are relative so the pages also work behind a reverse proxy under a path prefix.
 */
// biome-ignore lint/suspicious/noExplicitAny: any app, whatever variables it adds to the context
export function registerDocs<A extends OpenAPIHono<any>>(app: A, opts: DocsOptions): A {
  const info = serviceInfoOf(app);
  const config = {
    openapi: "3.1.0",
    info: {
      title: opts.title,
      version: opts.version ?? info.version,
      ...(opts.description ? { description: opts.description } : {}),
    },
    // The service that serves the document (OpenAPI's own default, said out loud for the linters).
    servers: [{ url: "/", description: "This service" }],
  };
  app.get("/openapi.json", (c) => c.json(withTags(app.getOpenAPI31Document(config))));

  app.get("/docs/scalar.js", (c) =>
    c.body(new Uint8Array(loadScalarBundle()), 200, {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
    }),
  );

  app.get(
    "/docs",
    Scalar({
      url: "openapi.json",
      cdn: "docs/scalar.js",
      pageTitle: opts.title,
      // Nothing but this service is reachable on a government network: no fonts from Scalar's CDN,
      // no request proxy or telemetry at scalar.com (requests go straight to the service), no AI agent.
      withDefaultFonts: false,
      proxyUrl: "",
      telemetry: false,
      agent: { disabled: true },
      mcp: { disabled: true },
    }),
  );
  return app;
}
