import { chinaToday } from "@pes/core";
import type { UseCaseContext } from "../context.js";
import { expireVouchers } from "./lifecycle.js";

export const EXPIRY_EVERY_MS = 60 * 60 * 1000;

/**
 * Expires vouchers past their last valid day at start and then every hour, so a holder's city and
 * markets learn of it without an operator's run. One run at a time; a failed run is retried next hour.
 */
export function scheduleExpiry(
  ctx: Pick<UseCaseContext, "db" | "cipher" | "sealer">,
  opts: { everyMs?: number; onError: (e: unknown) => void },
): { close(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = running
      .then(() => expireVouchers({ ...ctx, actor: "hub:hourly-expiry" }, { asOf: chinaToday() }))
      .catch(opts.onError);
  };
  run();
  const timer = setInterval(run, opts.everyMs ?? EXPIRY_EVERY_MS);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await running;
    },
  };
}
