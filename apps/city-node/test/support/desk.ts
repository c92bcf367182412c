import type { Logger } from "@pes/http";
import { testApp } from "./app.js";

// Kept for test/access.test.ts (being written beside this change) until it imports the kit: every
// other test builds from ./index.ts.
export const deskNode = (label: string, logger?: Logger) => testApp(label, logger ? { logger } : {});
