import type { DatabaseHandle } from "@pes/sync/db";
import { getTableName } from "drizzle-orm";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { rateLimitStoreClient } from "../../db/rate-limit-store.js";
import { rateLimits } from "../../db/tables/rate-limits.js";

/**
 * The per-market budget (all its keys share it, so issuing keys buys no allowance): `perMinute`
 * requests in each minute, counted in the market's PostgreSQL (rate-limiter-flexible's
 * RateLimiterPostgres on gm_rate_limits), so every instance of the service draws on one budget.
 * Should the database not answer, each instance counts in its own memory meanwhile rather than
 * refusing or letting everything through.
 */
export class RateLimiter {
  private readonly limiter: RateLimiterPostgres;

  constructor(
    readonly perMinute: number,
    db: DatabaseHandle,
  ) {
    const window = { points: perMinute, duration: 60 };
    this.limiter = new RateLimiterPostgres({
      ...window,
      storeClient: rateLimitStoreClient(db),
      storeType: "pool",
      tableName: getTableName(rateLimits),
      // Made by the migrations (0008_rate_limits), not by the library at start-up.
      tableCreated: true,
      keyPrefix: "market",
      insuranceLimiter: new RateLimiterMemory(window),
    });
  }

  /** Takes one request from `key`'s budget; when none is left, how many seconds until the next window. */
  async take(key: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
    try {
      await this.limiter.consume(key);
      return { ok: true };
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) };
    }
  }
}
