import type { Database } from "@pes/sync/db";
import type { Context } from "hono";
import type { AppEnv } from "../context.js";
import type { UseCaseContext } from "../use-cases/context.js";
import { purposeOf } from "./shared.js";

/** What a use case runs with for this request: `db` (the request's transaction), the services, the caller. */
export function useCaseContext(c: Context<AppEnv>, db: Database): UseCaseContext {
  const { config, vault, publisher, clock } = c.get("services");
  return {
    db,
    cityCode: config.cityCode,
    vault,
    publisher,
    staffId: c.get("caller").staffId,
    requestId: c.get("requestId"),
    purpose: purposeOf(c),
    clock,
  };
}
