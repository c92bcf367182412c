import { createLogger, newToken } from "@pes/http";
import { describeAccessConformance } from "@pes/http/testing";
import { SESSION_COOKIE } from "../src/console/session.js";
import { testApp } from "./support/index.js";

// Issue 14: every route of the node's /openapi.json refuses, 401 problem+json and writing nothing, a
// request without a staff token or with a malformed, unknown or other service's one, or with a forged
// console session; each documents
// its security and access rule (the hand-kept route lists of desk-security and ledger-security
// are this now).
describeAccessConformance({
  service: "city-node",
  minOperations: 33,
  credentials: [["a forged console session", { cookie: `${SESSION_COOKIE}=${newToken("pes_cn_")}` }]],
  async setup() {
    const node = await testApp("cityaccess", { logger: createLogger("city-node", { silent: true }) });
    return { app: node.app, db: node.db, close: () => node.close() };
  },
});
