import { createLogger } from "@pes/http";
import { describeBadInput } from "@pes/http/testing";
import { testApp } from "./support/index.js";

// Issue 13: NUL, control characters, lone surrogates, oversize, deep and malformed bodies on every
// route of the city node answer 4xx problem+json and store nothing.
describeBadInput({
  service: "city-node",
  minBodyOperations: 18,
  minParameterOperations: 10,
  async setup() {
    const node = await testApp("badinput", { logger: createLogger("city-node", { silent: true }) });
    return {
      app: node.app,
      db: node.db,
      headersFor: (_method, path) =>
        /^\/v1\/(admin|service-points|staff)/.test(path)
          ? node.staff.admin.headers
          : node.staff.simingClerk.headers,
      close: () => node.close(),
    };
  },
});
