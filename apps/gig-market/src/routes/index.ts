import { idempotency, registerSecurityScheme } from "@pes/http";
import { requireMarket } from "../auth/middleware.js";
import type { App, AppEnv } from "../context.js";
import { idempotentRequests } from "../db/tables/idempotency.js";
import { registerFlowback } from "./flowback/index.js";
import { registerKeys } from "./keys/index.js";
import { registerGetMarket } from "./market/get.js";
import { registerMatches } from "./matches.js";
import { rateLimit } from "./middleware/rate-limit.js";
import { registerPlacements } from "./placements/index.js";
import { registerPostings } from "./postings/index.js";
import { registerStations } from "./stations/index.js";
import { registerVouchers } from "./vouchers/index.js";
import { registerWebhooks } from "./webhooks/index.js";
import { registerWorkers } from "./workers/index.js";

/**
 * The gig market's resources, one folder each (routes/<resource>/{index,schema,get,post...}.ts), each
 * exporting register<Resource>(app). Health, readiness and docs come from @pes/http and stay open;
 * everything under /v1 needs the market's API key, is rate-limited per key, and every POST there
 * honours an Idempotency-Key.
 */
export function registerRoutes(app: App): void {
  registerSecurityScheme(
    app,
    "The market's API key (pes_gm_…), printed once by `pnpm --filter @pes/gig-market market` or issued by POST /v1/keys",
  );
  // Defence in depth: every /v1 request is authenticated here (the rate limit and idempotency need
  // the market); each route's own definition says who may call it (its `access`, auth/access.ts).
  app.use(
    "/v1/*",
    requireMarket(),
    rateLimit(),
    idempotency<AppEnv>({
      table: idempotentRequests,
      scope: (c) => c.get("market").id,
      db: (c) => c.get("services").db.db,
      cipher: (c) => c.get("services").cipher,
    }),
  );

  registerGetMarket(app);
  registerKeys(app);
  registerStations(app);
  registerPostings(app);
  registerWorkers(app);
  registerMatches(app);
  registerPlacements(app);
  registerVouchers(app);
  registerFlowback(app);
  registerWebhooks(app);
}
