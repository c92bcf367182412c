import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { Context } from "hono";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

interface Asset {
  body: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
  type: string;
  etag: string;
}

function assetOf(file: string): Asset {
  const body = readFileSync(file);
  return {
    body: new Uint8Array(body),
    gzip: new Uint8Array(gzipSync(body)),
    type: TYPES[extname(file)] ?? "application/octet-stream",
    etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 16)}"`,
  };
}

/** The browser kit every console shares (packages/http/console: kit.js, kit.css). */
const KIT_DIR = fileURLToPath(new URL("../../console/", import.meta.url));

/**
 * A console's scripts and styles: the shared kit, the app's own folder (`dir`) and named extra files
 * (ECharts from node_modules), read and gzipped once on first use — a fixed set by name, so no
 * request path ever reaches the file system.
 */
export function consoleAssets(dir: URL, extra: Record<string, string> = {}) {
  let assets: Map<string, Asset> | undefined;
  const load = () => {
    if (assets) return assets;
    const files = (d: string) =>
      readdirSync(d)
        .filter((f) => extname(f) in TYPES)
        .map((f) => [f, assetOf(join(d, f))] as const);
    assets = new Map([...files(KIT_DIR), ...files(fileURLToPath(dir))]);
    for (const [name, file] of Object.entries(extra)) assets.set(name, assetOf(file));
    return assets;
  };
  return {
    names: () => [...load().keys()],
    /** GET <prefix>/:name — ETag revalidation, gzip when the browser takes it. */
    serve(c: Context, name: string) {
      const asset = load().get(name);
      if (!asset) return c.notFound();
      const headers: Record<string, string> = {
        "Content-Type": asset.type,
        ETag: asset.etag,
        "Cache-Control": "no-cache",
        Vary: "Accept-Encoding",
        "X-Content-Type-Options": "nosniff",
      };
      if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304, headers);
      const gzip = c.req.header("accept-encoding")?.includes("gzip");
      if (gzip) headers["Content-Encoding"] = "gzip";
      return c.body(gzip ? asset.gzip : asset.body, 200, headers);
    },
  };
}
