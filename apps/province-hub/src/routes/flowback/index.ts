import type { App } from "../../context.js";
import { registerReceipts } from "./receipts.js";
import { registerReceivers } from "./receivers.js";
import { registerFlowbackRecords } from "./records.js";

/** Receipts for what flows back (docs/adr/0007): /v1/flowback/* for any operator who reads. */
export function registerFlowbackReceipts(app: App): void {
  registerReceivers(app);
  registerFlowbackRecords(app);
  registerReceipts(app);
}
