import type { App } from "../../app.js";
import { registerListFlowback } from "./list.js";

export function registerFlowback(app: App): void {
  registerListFlowback(app);
}
