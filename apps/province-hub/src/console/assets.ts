import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { extname, join } from "node:path";
import { gzipSync } from "node:zlib";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

export interface Asset {
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

let assets: Map<string, Asset> | undefined;

/**
 * The console's own scripts and styles (apps/province-hub/console) and ECharts from node_modules,
 * read and gzipped once: a fixed set by name, so no request path ever reaches the file system.
 */
export function consoleAssets(): Map<string, Asset> {
  if (assets) return assets;
  const dir = new URL("../../console/", import.meta.url).pathname;
  assets = new Map(
    readdirSync(dir)
      .filter((f) => f in TYPES || extname(f) in TYPES)
      .map((f) => [f, assetOf(join(dir, f))]),
  );
  const require = createRequire(import.meta.url);
  assets.set("echarts.min.js", assetOf(require.resolve("echarts/dist/echarts.min.js")));
  return assets;
}
