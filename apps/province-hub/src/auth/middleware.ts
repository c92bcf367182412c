import { DomainError } from "@pes/http";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app.js";
import type { OperatorRole } from "../db/tables/operators.js";
import { operatorOfToken } from "./tokens.js";

/** Every /v1 request names its operator with a bearer token; the operator is on c.get("operator"). */
export function requireOperator(): MiddlewareHandler<AppEnv> {
  return async function authenticate(c, next) {
    const [scheme, token] = (c.req.header("authorization") ?? "").split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token) {
      throw new DomainError(
        "unauthenticated",
        "missing-token",
        "Send an operator token as 'Authorization: Bearer <token>'",
      );
    }
    const operator = await operatorOfToken(c.get("services").db.db, token);
    if (!operator)
      throw new DomainError("unauthenticated", "invalid-token", "The token is unknown, expired or revoked");
    c.set("operator", operator);
    await next();
  };
}

export function requireRole(...roles: OperatorRole[]): MiddlewareHandler<AppEnv> {
  return async function authorise(c, next) {
    const { role } = c.get("operator");
    if (!roles.includes(role)) {
      throw new DomainError(
        "forbidden",
        "forbidden-role",
        `This needs the role ${roles.join(" or ")}; you are ${role}`,
      );
    }
    await next();
  };
}
