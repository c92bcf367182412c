import { describeBadInput } from "@pes/http/testing";
import { testApp } from "./support/index.js";

// Issue 13: NUL, control characters, lone surrogates, oversize, deep and malformed bodies on every
// route of the gig market answer 4xx problem+json and store nothing.
describeBadInput({
  service: "gig-market",
  minBodyOperations: 10,
  minParameterOperations: 25,
  async setup() {
    const gig = await testApp("badinput");
    return { app: gig.app, db: gig.db, headersFor: () => gig.as.siming, close: () => gig.close() };
  },
});
