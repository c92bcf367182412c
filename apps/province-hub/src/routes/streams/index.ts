import type { App } from "../../context.js";
import { registerDeadLetters } from "./dead-letters.js";
import { registerLag } from "./lag.js";
import { registerLive } from "./live.js";
import { registerReplay } from "./replay.js";
import { registerReporting } from "./reporting.js";
import { registerSilentNodes } from "./silent-nodes.js";
import { registerThroughput } from "./throughput.js";

/** §9 monitoring: /v1/streams/* and /v1/dead-letters for any operator; replay needs operator or admin. */
export function registerStreamRoutes(app: App): void {
  registerThroughput(app);
  registerLag(app);
  registerLive(app);
  registerSilentNodes(app);
  registerReporting(app);
  registerDeadLetters(app);
  registerReplay(app);
}
