import { createHash, randomBytes } from "node:crypto";
import type { Context, Env, MiddlewareHandler } from "hono";
import { DomainError } from "./errors.js";

/** Tokens are stored as their SHA-256: a leaked table cannot be replayed. */
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new bearer token: the prefix names the service that issued it (pes_cn_, pes_ph_…). */
export const newToken = (prefix: string) => prefix + randomBytes(32).toString("base64url");

/**
 * Every request names its caller with a bearer token. The app says how a token resolves to its
 * principal (staff member, operator…) and where to put it on the context.
 */
export function bearerAuth<E extends Env, P>(opts: {
  /** Shown in the 401: "a staff token", "an operator token". */
  what: string;
  resolve: (c: Context<E>, token: string) => Promise<P | undefined>;
  set: (c: Context<E>, principal: P) => void;
  /** Where a browser session keeps its token (a cookie), read when there is no Authorization header. */
  fallback?: (c: Context<E>) => string | undefined;
}): MiddlewareHandler<E> {
  return async function authenticate(c, next) {
    const header = c.req.header("authorization");
    const [scheme, bearer] = (header ?? "").split(" ");
    const token =
      header === undefined ? opts.fallback?.(c) : scheme?.toLowerCase() === "bearer" ? bearer : undefined;
    if (!token) {
      throw new DomainError(
        "unauthenticated",
        "missing-token",
        `Send ${opts.what} as 'Authorization: Bearer <token>'`,
      );
    }
    const principal = await opts.resolve(c, token);
    if (!principal)
      throw new DomainError("unauthenticated", "invalid-token", "The token is unknown, expired or revoked");
    opts.set(c, principal);
    await next();
  };
}

/** A guard factory: requireRole("admin") refuses (403) a principal whose role is not listed. */
export function roleGuard<E extends Env, R extends string>(principalOf: (c: Context<E>) => { role: R }) {
  return (...roles: R[]): MiddlewareHandler<E> =>
    async function authorise(c, next) {
      const { role } = principalOf(c);
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
