import { DomainError } from "@pes/http";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app.js";
import type { StaffRole } from "../db/tables/network.js";
import { callerOfToken } from "./tokens.js";

/** Every /v1 request names its staff member with a bearer token; the caller is on c.get("caller"). */
export function requireCaller(): MiddlewareHandler<AppEnv> {
  return async function authenticate(c, next) {
    const header = c.req.header("authorization") ?? "";
    const [scheme, token] = header.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token) {
      throw new DomainError(
        "unauthenticated",
        "missing-token",
        "Send a staff token as 'Authorization: Bearer <token>'",
      );
    }
    const caller = await callerOfToken(c.get("services").db.db, token);
    if (!caller)
      throw new DomainError("unauthenticated", "invalid-token", "The token is unknown, expired or revoked");
    c.set("caller", caller);
    await next();
  };
}

export function requireRole(...roles: StaffRole[]): MiddlewareHandler<AppEnv> {
  return async function authorise(c, next) {
    const { role } = c.get("caller");
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
