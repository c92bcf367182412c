import type { App } from "../../context.js";
import { registerListFlowback } from "./list.js";

export function registerFlowback(app: App): void {
  registerListFlowback(app);
}
