import type { App } from "../app.js";
import { registerGetNode } from "./node/get.js";

/**
 * The node's resources, one folder each (routes/<resource>/{schema,get,post...}.ts), each
 * exporting register<Verb><Resource>(app). Health, readiness and docs come from @pes/http.
 */
export function registerRoutes(app: App): void {
  registerGetNode(app);
}
