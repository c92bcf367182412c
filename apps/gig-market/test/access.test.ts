import { createLogger } from "@pes/http";
import { describeAccessConformance } from "@pes/http/testing";
import { createApp } from "../src/app.js";
import { gigApp } from "./support/app.js";

// Issue 14: every route of the market's /openapi.json refuses, 401 problem+json and writing
// nothing, a request without an API key or with a malformed, unknown or other service's one; each
// documents its security and access rule.
describeAccessConformance({
  service: "gig-market",
  minOperations: 35,
  async setup() {
    const gig = await gigApp("gigaccess");
    const app = createApp({ ...gig.services, logger: createLogger("gig-market", { silent: true }) });
    return { app, db: gig.db, close: () => gig.close() };
  },
});
