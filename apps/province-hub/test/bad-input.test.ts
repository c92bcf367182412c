import { describeBadInput } from "@pes/http/testing";
import { NO_BROKER, testApp } from "./support/index.js";

// Issue 13: NUL, control characters, lone surrogates, oversize, deep and malformed bodies on every
// route of the province hub answer 4xx problem+json and store nothing.
describeBadInput({
  service: "province-hub",
  minBodyOperations: 15,
  minParameterOperations: 30,
  async setup() {
    const hub = await testApp("hubbadinput", { kafka: NO_BROKER });
    return { app: hub.app, db: hub.db, headersFor: () => hub.as.admin, close: () => hub.close() };
  },
});
