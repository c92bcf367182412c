import type { App } from "../../context.js";
import { registerPostDeclaration } from "./declarations.js";
import { registerGetIndicatorDefinitions } from "./definitions.js";
import { registerIndicatorExports } from "./export.js";
import { registerGetIndicators } from "./get.js";
import { registerIndicatorOverview } from "./overview.js";
import { registerPutTargets } from "./targets.js";

/** The indicator table, its definitions, its exports, target tables and declarations. Writing (targets, declarations) needs operator or admin: see each route's access. */
export function registerIndicators(app: App): void {
  registerGetIndicators(app);
  registerGetIndicatorDefinitions(app);
  registerIndicatorExports(app);
  registerIndicatorOverview(app);
  registerPutTargets(app);
  registerPostDeclaration(app);
}
