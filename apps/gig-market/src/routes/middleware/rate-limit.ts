import { problem } from "@pes/http";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../context.js";

/** 429 problem+json with Retry-After once the caller's market has used its requests; runs after auth. */
export const rateLimit = (): MiddlewareHandler<AppEnv> =>
  async function limitRate(c, next) {
    const { rateLimiter } = c.get("services");
    const taken = await rateLimiter.take(c.get("market").id);
    if (!taken.ok) {
      c.header("Retry-After", String(taken.retryAfterSeconds));
      return problem(c, {
        status: 429,
        code: "rate-limited",
        detail: `This market may make ${rateLimiter.perMinute} requests a minute, all its keys together; retry after ${taken.retryAfterSeconds} s`,
      });
    }
    await next();
  };
