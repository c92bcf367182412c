import type { App } from "../../context.js";
import { registerVoucherActions } from "./actions.js";
import { registerVoucherIssue } from "./issue.js";
import { registerVoucherLoop } from "./loop.js";
import { registerVoucherPolicies } from "./policies.js";
import { registerVoucherProviders } from "./providers.js";
import { registerVoucherReads } from "./read.js";
import { registerVoucherReconciliation } from "./reconciliation.js";
import { registerVoucherSettlements } from "./settlements.js";

/**
 * 就业券: the hub is the single authority. Who may do what is in each route's definition: readers
 * see, operators and admins write, and a gateway (a gig market's machine account) may only read one
 * voucher, claim it and redeem it.
 */
export function registerVouchers(app: App): void {
  registerVoucherPolicies(app);
  registerVoucherProviders(app);
  registerVoucherIssue(app);
  registerVoucherReads(app);
  registerVoucherActions(app);
  registerVoucherSettlements(app);
  registerVoucherReconciliation(app);
  registerVoucherLoop(app);
}
