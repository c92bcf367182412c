import { join } from "node:path";
import type { DefinedRecord } from "../src/definition.js";
import { PACKAGE_DIR } from "./contract.js";

/** Where the frozen schemas of published record versions live: published/<name>/v<n>.json. */
export const PUBLISHED_DIR = join(PACKAGE_DIR, "published");
export const publishedPath = (r: Pick<DefinedRecord, "name" | "version">) =>
  join(PUBLISHED_DIR, r.name, `v${r.version}.json`);
