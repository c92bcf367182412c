import type { App } from "../app.js";
import { requireCaller, requireRole } from "../auth/middleware.js";
import { registerDivisionRoutes } from "./admin/divisions.js";
import { registerNetworkRoutes } from "./admin/network.js";
import { registerStaffRoutes } from "./admin/staff.js";
import { registerPostEmployment } from "./employment/post.js";
import { registerGetNode } from "./node/get.js";
import { registerApply } from "./unemployment/apply.js";
import { registerGet } from "./unemployment/get.js";
import { registerTransitions } from "./unemployment/transition.js";

/**
 * The node's resources, one folder each (routes/<resource>/{schema,get,post...}.ts), each
 * exporting register<Verb><Resource>(app). Health, readiness and docs come from @pes/http and stay
 * open; everything under /v1 needs a staff token, and the admin resources a city admin.
 */
export function registerRoutes(app: App): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "A staff token issued by `pnpm --filter @pes/city-node token` or POST /v1/staff/{id}/tokens",
  });
  app.use("/v1/*", requireCaller());
  for (const path of ["/v1/staff", "/v1/staff/*", "/v1/service-points", "/v1/calendar"])
    app.use(path, requireRole("city-admin"));
  // Every staff member reads the service network; only a city admin changes it.
  app.on("PUT", "/v1/divisions", requireRole("city-admin"));

  registerGetNode(app);
  registerStaffRoutes(app);
  registerNetworkRoutes(app);
  registerDivisionRoutes(app);
  registerApply(app);
  registerGet(app);
  registerTransitions(app);
  registerPostEmployment(app);
}
