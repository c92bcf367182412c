import type { Context } from "hono";
import type { AppEnv } from "../../context.js";

const DEFAULT_OVERDUE_MINUTES = 60;

/** The overdue time of a request: its overdueMinutes, else the hub's PES_RECEIPT_OVERDUE_MINUTES. */
export function overdueBefore(c: Context<AppEnv>, asked: number | undefined, now = new Date()) {
  const minutes = asked ?? c.get("services").config.receiptOverdueMinutes ?? DEFAULT_OVERDUE_MINUTES;
  return { minutes, before: new Date(now.getTime() - minutes * 60_000) };
}
