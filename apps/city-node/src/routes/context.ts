import type { Context } from "hono";
import type { AppEnv } from "../context.js";
import type { LedgerContext } from "../use-cases/ledgers/context.js";
import { purposeOf } from "./shared.js";

export function ledgerContext(c: Context<AppEnv>): LedgerContext {
  const { config, vault, publisher } = c.get("services");
  return {
    cityCode: config.cityCode,
    vault,
    publisher,
    staffId: c.get("caller").staffId,
    requestId: c.get("requestId"),
    purpose: purposeOf(c),
  };
}
