import { createLogger, newToken } from "@pes/http";
import { describeAccessConformance } from "@pes/http/testing";
import { SESSION_COOKIE } from "../src/console/session.js";
import { NO_BROKER, testApp } from "./support/index.js";

// Issue 14: every route of the hub's /openapi.json (and its live event stream) refuses, 401
// problem+json and writing nothing, a request without an operator token or with a malformed,
// unknown or other service's one, or with a forged console session; each documents its security
// and access rule.
describeAccessConformance({
  service: "province-hub",
  minOperations: 46,
  undocumented: [["GET", "/v1/streams/live"]],
  credentials: [["a forged console session", { cookie: `${SESSION_COOKIE}=${newToken("pes_ph_")}` }]],
  async setup() {
    const hub = await testApp("hubaccess", {
      kafka: NO_BROKER,
      logger: createLogger("province-hub", { silent: true }),
    });
    return { app: hub.app, db: hub.db, close: () => hub.close() };
  },
});
