import { describeOpenApiContract } from "@pes/http/testing/openapi";
import { NO_BROKER, testApp } from "./support/index.js";

// Issue 18: the hub's /openapi.json holds for the tools third parties generate clients with.
describeOpenApiContract({
  service: "province-hub",
  minOperations: 50,
  async setup() {
    const hub = await testApp("hubopenapi", { kafka: NO_BROKER });
    return { app: hub.app, close: () => hub.close() };
  },
  clientUsage: [
    // The replay's partition is a required path parameter (it was optional and nullable).
    'type Replay = operations["postDeadLettersByPartitionByOffsetReplay"]["parameters"]["path"];',
    'export const replay: Replay = { partition: "0", offset: "42" };',
  ].join("\n"),
});
