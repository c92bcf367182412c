import { DomainError } from "@pes/core";
import type { MiddlewareHandler } from "hono";
import { requireRole } from "../../auth/middleware.js";
import type { App, AppEnv } from "../../context.js";
import { registerVoucherActions } from "./actions.js";
import { registerVoucherIssue } from "./issue.js";
import { registerVoucherLoop } from "./loop.js";
import { registerVoucherPolicies } from "./policies.js";
import { registerVoucherProviders } from "./providers.js";
import { registerVoucherReads } from "./read.js";
import { registerVoucherReconciliation } from "./reconciliation.js";
import { registerVoucherSettlements } from "./settlements.js";

/** All a gateway (a gig market's machine account) may do: read one voucher, claim it, redeem it. */
const GATEWAY_ROUTES: ReadonlyArray<[string, RegExp]> = [
  ["GET", /^\/v1\/vouchers\/[^/]+$/],
  ["POST", /^\/v1\/vouchers\/[^/]+\/(claim|redemption)$/],
];

/** Refuses a gateway everywhere under /v1 but its voucher routes, so its token cannot read the rest. */
export const confineGateways = (): MiddlewareHandler<AppEnv> =>
  async function confineGateway(c, next) {
    if (c.get("operator").role === "gateway") {
      const allowed = GATEWAY_ROUTES.some(([m, p]) => m === c.req.method && p.test(c.req.path));
      if (!allowed)
        throw new DomainError(
          "forbidden",
          "forbidden-role",
          "A gateway may only read, claim and redeem vouchers",
        );
    }
    await next();
  };

/** 就业券: the hub is the single authority; who may do what is decided here, before the routes. */
export function registerVouchers(app: App): void {
  const write = requireRole("operator", "admin");
  const redeemers = requireRole("operator", "admin", "gateway");
  for (const path of ["/v1/voucher-policies", "/v1/voucher-policies/*"]) {
    app.on("POST", path, write);
    app.on("PATCH", path, write);
  }
  for (const path of [
    "/v1/voucher-providers",
    "/v1/voucher-expiry-runs",
    "/v1/voucher-settlements",
    "/v1/vouchers",
  ])
    app.on("POST", path, write);
  app.on("PATCH", "/v1/voucher-providers/*", write);
  app.on("POST", "/v1/vouchers/:voucherId/revocation", write);
  app.on("POST", ["/v1/vouchers/:voucherId/claim", "/v1/vouchers/:voucherId/redemption"], redeemers);

  registerVoucherPolicies(app);
  registerVoucherProviders(app);
  registerVoucherIssue(app);
  registerVoucherReads(app);
  registerVoucherActions(app);
  registerVoucherSettlements(app);
  registerVoucherReconciliation(app);
  registerVoucherLoop(app);
}
