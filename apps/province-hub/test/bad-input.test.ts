import { describeBadInput } from "@pes/http/testing";
import { createApp } from "../src/app.js";
import { cipherKey, hubDatabase, SECRET } from "./ingest/support.js";
import { operatorHeaders } from "./support/operators.js";

// Issue 13: NUL, control characters, lone surrogates, oversize, deep and malformed bodies on every
// route of the province hub answer 4xx problem+json and store nothing.
describeBadInput({
  service: "province-hub",
  minBodyOperations: 15,
  minParameterOperations: 30,
  async setup() {
    const hub = await hubDatabase("hubbadinput");
    const app = createApp({
      config: { personKeySecret: SECRET, piiKey: cipherKey },
      db: hub.db,
      kafka: { check: async () => {} },
    });
    const admin = await operatorHeaders(hub.db, "admin");
    return { app, db: hub.db, headersFor: () => admin, close: () => hub.close() };
  },
});
