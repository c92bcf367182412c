import type { App } from "../app.js";
import { registerServicePointAssessment } from "./assessment/service-points.js";
import { registerTimeline } from "./persons/timeline.js";
import { registerWarnings } from "./warnings/list.js";

/**
 * The hub's resources, one folder each (routes/<resource>/{index,schema,get,post...}.ts), each
 * exporting register<Resource>(app). Health, readiness and docs come from @pes/http and stay open;
 * everything under /v1 needs an operator token (auth/).
 */
export function registerRoutes(app: App): void {
  registerTimeline(app);
  registerWarnings(app);
  registerServicePointAssessment(app);
}
