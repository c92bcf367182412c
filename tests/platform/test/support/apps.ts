import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);

export type AppName = "city-node" | "gig-market" | "province-hub";

/**
 * An app's folder, where its process starts (src/main.ts, its CLIs): found through its package, which
 * this package dev-depends on, never by a path into apps/.
 */
export function appDir(app: AppName): URL {
  return new URL(".", pathToFileURL(require.resolve(`@pes/${app}/package.json`)));
}
