import { createLogger } from "@pes/http";
import { describeAccessConformance } from "@pes/http/testing";
import { testApp } from "./support/index.js";

// Issue 14: every route of the market's /openapi.json refuses, 401 problem+json and writing
// nothing, a request without an API key or with a malformed, unknown or other service's one; each
// documents its security and access rule.
describeAccessConformance({
  service: "gig-market",
  minOperations: 35,
  async setup() {
    const gig = await testApp("gigaccess", {}, { logger: createLogger("gig-market", { silent: true }) });
    return { app: gig.app, db: gig.db, close: () => gig.close() };
  },
});
