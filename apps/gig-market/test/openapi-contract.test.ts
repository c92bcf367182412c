import { describeOpenApiContract } from "@pes/http/testing/openapi";
import { testApp } from "./support/index.js";

// Issue 18: the market's /openapi.json holds for the tools gig markets generate their integration with.
describeOpenApiContract({
  service: "gig-market",
  minOperations: 35,
  async setup() {
    const gig = await testApp("gigopenapi");
    return { app: gig.app, close: () => gig.close() };
  },
  clientUsage: [
    // Every market route may answer the rate limit's 429.
    'export type Limited = operations["getPostings"]["responses"][429];',
  ].join("\n"),
});
