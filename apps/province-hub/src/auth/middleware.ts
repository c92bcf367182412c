import { bearerAuth } from "@pes/http";
import { sessionToken } from "../console/session.js";
import type { AppEnv, Operator } from "../context.js";
import { operatorOfToken } from "./tokens.js";

/**
 * Every /v1 request names its operator with a bearer token, or comes from a console session (its
 * cookie); the operator is on c.get("operator").
 */
export const requireOperator = () =>
  bearerAuth<AppEnv, Operator>({
    what: "an operator token",
    resolve: (c, token) => operatorOfToken(c.get("services").db.db, token),
    set: (c, operator) => c.set("operator", operator),
    fallback: sessionToken,
  });
