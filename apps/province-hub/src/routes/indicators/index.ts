import { requireRole } from "../../auth/middleware.js";
import type { App } from "../../context.js";
import { registerPostDeclaration } from "./declarations.js";
import { registerGetIndicatorDefinitions } from "./definitions.js";
import { registerIndicatorExports } from "./export.js";
import { registerGetIndicators } from "./get.js";
import { registerPutTargets } from "./targets.js";

/** The indicator table, its definitions, its exports, target tables and declarations. Writing needs operator or admin. */
export function registerIndicators(app: App): void {
  for (const path of ["/v1/targets/*", "/v1/declarations"]) app.use(path, requireRole("operator", "admin"));
  registerGetIndicators(app);
  registerGetIndicatorDefinitions(app);
  registerIndicatorExports(app);
  registerPutTargets(app);
  registerPostDeclaration(app);
}
