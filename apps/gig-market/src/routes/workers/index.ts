import type { App } from "../../context.js";
import { registerGetWorker } from "./get.js";
import { registerListWorkers } from "./list.js";
import { registerPatchWorker } from "./patch.js";
import { registerPostWorker } from "./post.js";
import { registerWithdrawWorker } from "./withdraw.js";

export function registerWorkers(app: App): void {
  registerListWorkers(app);
  registerPostWorker(app);
  registerGetWorker(app);
  registerPatchWorker(app);
  registerWithdrawWorker(app);
}
