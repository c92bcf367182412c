import type { Context } from "hono";
import type { AppEnv } from "../context.js";
import { gigPublisherFor } from "../streams/publish.js";
import type { UseCaseContext } from "../use-cases/context.js";

/** What a use case runs with for this request: the services, the outbox publisher and the calling market. */
export function useCaseContext(c: Context<AppEnv>): UseCaseContext {
  const { db, cipher, personKeySecret, vouchers, trust, logger } = c.get("services");
  return {
    db: db.db,
    market: c.get("market"),
    cipher,
    personKeySecret,
    publisher: gigPublisherFor(trust.sealer),
    vouchers,
    ...(logger ? { logger } : {}),
  };
}
