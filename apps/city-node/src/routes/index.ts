import { requireCaller, requireRole } from "../auth/middleware.js";
import type { App } from "../context.js";
import { registerDivisionRoutes } from "./admin/divisions.js";
import { registerNetworkRoutes } from "./admin/network.js";
import { registerStaffRoutes } from "./admin/staff.js";
import { registerGetPerson131 } from "./commitment-131/person.js";
import { registerGetServicePoint131 } from "./commitment-131/service-point.js";
import { registerDecideDifficulty } from "./difficulty/decide.js";
import { registerPostDifficulty } from "./difficulty/post.js";
import { registerPostEmployment } from "./employment/post.js";
import { registerPostJobSeeker } from "./job-seekers/post.js";
import { registerPostKeyGroupMembership } from "./key-groups/post.js";
import { registerGetNode } from "./node/get.js";
import { registerGetPersonKeyGroups } from "./persons/key-groups.js";
import { registerPostPersonTransfer } from "./persons/transfers.js";
import { registerPostRating } from "./ratings/post.js";
import { registerPostServiceRecord } from "./service-records/post.js";
import { registerPostTrainingRecord } from "./training/post.js";
import { registerApply } from "./unemployment/apply.js";
import { registerGet } from "./unemployment/get.js";
import { registerList } from "./unemployment/list.js";
import { registerTransitions } from "./unemployment/transition.js";
import { registerPostVacancy } from "./vacancies/post.js";
import { registerPostZeroEmploymentFamily } from "./zero-employment/post.js";

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
  // Four eyes: a clerk takes the application, a supervisor of the person's district decides it.
  app.use("/v1/difficulty-recognitions/:id/decide", requireRole("supervisor"));

  registerGetNode(app);
  registerStaffRoutes(app);
  registerNetworkRoutes(app);
  registerDivisionRoutes(app);
  registerApply(app);
  registerGet(app);
  registerTransitions(app);
  registerList(app);
  registerPostEmployment(app);
  registerPostJobSeeker(app);
  registerPostVacancy(app);
  registerPostKeyGroupMembership(app);
  registerGetPersonKeyGroups(app);
  registerPostPersonTransfer(app);
  registerPostDifficulty(app);
  registerDecideDifficulty(app);
  registerPostZeroEmploymentFamily(app);
  registerPostServiceRecord(app);
  registerPostTrainingRecord(app);
  registerPostRating(app);
  registerGetPerson131(app);
  registerGetServicePoint131(app);
}
