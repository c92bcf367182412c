import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
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
 * must not depend on a CDN. Read once, on the first request for it.
 */
function loadScalarBundle(): Buffer {
  scalarBundle ??= readFileSync(require.resolve("@scalar/api-reference/browser/standalone.js"));
  return scalarBundle;
}

/**
 * GET /openapi.json (OpenAPI 3.1, from the routes' zod schemas) and GET /docs (Scalar reference).
 * Register after the routes are defined or before, either works: the document is built per request.
 * Links are relative so the pages also work behind a reverse proxy under a path prefix.
 */
// biome-ignore lint/suspicious/noExplicitAny: any app, whatever variables it adds to the context
export function registerDocs<A extends OpenAPIHono<any>>(app: A, opts: DocsOptions): A {
  const info = serviceInfoOf(app);
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: opts.title,
      version: opts.version ?? info.version,
      ...(opts.description ? { description: opts.description } : {}),
    },
  });

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
      withDefaultFonts: false,
    }),
  );
  return app;
}
