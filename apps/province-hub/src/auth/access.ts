import { routeKit } from "@pes/http";
import type { AppEnv } from "../context.js";
import type { OperatorRole } from "../db/tables/operators.js";
import { requireOperator } from "./middleware.js";

/**
 * The hub's route kit: every route names who may call it in its definition (defineRoute's
 * `access`). A gateway (a gig market's machine account) is no reader: only the voucher routes that
 * name it let it in (read one voucher, claim, redeem).
 */
export const { defineRoute, roles, guard } = routeKit<AppEnv, OperatorRole>({
  authenticate: requireOperator(),
  principal: (c) => c.get("operator"),
  role: (c) => c.get("operator").role,
  unauthenticated: "No operator token or console session, or one that is unknown, expired or revoked",
});

/** Every operator who reads: viewer, operator, admin (not a gateway). */
export const readers = roles("viewer", "operator", "admin");
/** Who changes things: operator and admin. */
export const writers = roles("operator", "admin");
/** Who manages operators and their tokens. */
export const admins = roles("admin");
