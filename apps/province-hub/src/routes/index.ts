import { registerSecurityScheme } from "@pes/http";
import { requireOperator } from "../auth/middleware.js";
import { refuseCrossSiteWrites } from "../console/session.js";
import type { App } from "../context.js";
import { registerServicePointAssessment } from "./assessment/service-points.js";
import { registerEvidenceExport } from "./evidence/export.js";
import { registerFlowbackReceipts } from "./flowback/index.js";
import { registerIndicators } from "./indicators/index.js";
import { registerGigMarkets } from "./markets/list.js";
import { registerNeeds } from "./needs/index.js";
import { registerListOperators } from "./operators/list.js";
import { registerPatchOperator } from "./operators/patch.js";
import { registerPostOperator } from "./operators/post.js";
import { registerRevokeOperatorToken } from "./operators/revoke-token.js";
import { registerPostOperatorToken } from "./operators/tokens.js";
import { registerTimeline } from "./persons/timeline.js";
import { registerStreamRoutes } from "./streams/index.js";
import { registerVouchers } from "./vouchers/index.js";
import { registerLayoffWarnings } from "./warnings/layoffs.js";
import { registerWarnings } from "./warnings/list.js";

/**
 * The hub's resources, one folder each (routes/<resource>/{index,schema,get,post...}.ts), each
 * exporting register<Resource>(app). Health, readiness and docs come from @pes/http and stay open;
 * everything under /v1 needs an operator token (auth/), and each route names the roles it admits.
 */
export function registerRoutes(app: App): void {
  registerSecurityScheme(
    app,
    "An operator token issued by `pnpm --filter @pes/province-hub token` or POST /v1/operators/{id}/tokens",
  );
  // Defence in depth: every /v1 request is authenticated here; who may call which route is in the
  // route's own definition (its `access`, auth/access.ts).
  app.use("/v1/*", requireOperator());
  app.use("/v1/*", refuseCrossSiteWrites());

  registerListOperators(app);
  registerPostOperator(app);
  registerPatchOperator(app);
  registerPostOperatorToken(app);
  registerRevokeOperatorToken(app);
  registerStreamRoutes(app);
  registerFlowbackReceipts(app);
  registerGigMarkets(app);
  registerTimeline(app);
  registerLayoffWarnings(app);
  registerWarnings(app);
  registerServicePointAssessment(app);
  registerNeeds(app);
  registerIndicators(app);
  registerVouchers(app);
  registerEvidenceExport(app);
}
