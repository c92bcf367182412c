import { idempotency, registerSecurityScheme } from "@pes/http";
import { requireCaller } from "../auth/middleware.js";
import { refuseCrossSiteWrites } from "../console/session.js";
import type { App, AppEnv } from "../context.js";
import { idempotentRequests } from "../db/tables/intake.js";
import { registerDivisionRoutes } from "./admin/divisions.js";
import { registerNetworkRoutes } from "./admin/network.js";
import { registerStaffRoutes } from "./admin/staff.js";
import { registerPostBatch } from "./batches/post.js";
import { registerGetPerson131 } from "./commitment-131/person.js";
import { registerGetServicePoint131 } from "./commitment-131/service-point.js";
import { registerDecideDifficulty } from "./difficulty/decide.js";
import { registerPostDifficulty } from "./difficulty/post.js";
import { registerPostEmployment } from "./employment/post.js";
import { registerListChanges } from "./feedback/changes.js";
import { registerListRejections } from "./feedback/rejections.js";
import { registerFormRoutes } from "./forms/get.js";
import { registerGetImport } from "./imports/get.js";
import { registerPostImport } from "./imports/post.js";
import { registerPostJobSeeker } from "./job-seekers/post.js";
import { registerPostKeyGroupMembership } from "./key-groups/post.js";
import { registerPostLayoffReport } from "./layoff-reports/post.js";
import { registerGetNode } from "./node/get.js";
import { registerGetNodeStatus } from "./node/status.js";
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
import { registerWorkList } from "./work-list/get.js";
import { registerWorkListVisit } from "./work-list/visit.js";
import { registerPostZeroEmploymentFamily } from "./zero-employment/post.js";

/**
 * The node's resources, one folder each (routes/<resource>/{schema,get,post...}.ts), each
 * exporting register<Verb><Resource>(app). Health, readiness and docs come from @pes/http and stay
 * open; everything under /v1 needs a staff token, and each route names the roles it admits.
 */
export function registerRoutes(app: App): void {
  registerSecurityScheme(
    app,
    "A staff token issued by `pnpm --filter @pes/city-node token` or POST /v1/staff/{id}/tokens",
  );
  // Defence in depth: every /v1 request is authenticated here; who may call which route (a city
  // admin for the staff and the service network, a supervisor to decide) is in the route's own
  // definition (its `access`, auth/access.ts).
  // Every POST there honours an Idempotency-Key, per staff member: a retry gets the first answer back.
  app.use(
    "/v1/*",
    requireCaller(),
    // A write by the console's session cookie only from the console's own scripts.
    refuseCrossSiteWrites(),
    idempotency<AppEnv>({
      table: idempotentRequests,
      scope: (c) => c.get("caller").staffId,
      db: (c) => c.get("services").db.db,
      cipher: (c) => c.get("services").vault.cipher,
    }),
  );

  registerGetNode(app);
  registerGetNodeStatus(app);
  registerStaffRoutes(app);
  registerNetworkRoutes(app);
  registerDivisionRoutes(app);
  registerApply(app);
  registerGet(app);
  registerTransitions(app);
  registerList(app);
  registerListRejections(app);
  registerListChanges(app);
  registerWorkList(app);
  registerWorkListVisit(app);
  registerPostEmployment(app);
  registerPostJobSeeker(app);
  registerPostVacancy(app);
  registerPostLayoffReport(app);
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
  // After every kind's routes: a batch item's record is documented as that kind's named input.
  registerPostBatch(app);
  registerFormRoutes(app);
  registerPostImport(app);
  registerGetImport(app);
}
