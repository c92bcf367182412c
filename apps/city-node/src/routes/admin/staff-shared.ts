import type { Context } from "hono";
import type { AppEnv } from "../../context.js";
import type { AuditEntry } from "../../use-cases/audit/record.js";
import { purposeOf } from "../shared.js";

export const tags = ["Staff and tokens 工作人员"];

/** An audit entry of the city admin acting in this request: who, what, why (X-Purpose) and the request. */
export function adminAudit(
  c: Context<AppEnv>,
  entry: Pick<AuditEntry, "action" | "entity" | "entityId">,
): AuditEntry {
  return {
    ...entry,
    staffId: c.get("caller").staffId,
    purpose: purposeOf(c),
    requestId: c.get("requestId") ?? null,
  };
}
