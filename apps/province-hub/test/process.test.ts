import { randomUUID } from "node:crypto";
import { describeServiceProcess } from "@pes/http/testing";
import { sourceOf } from "@pes/schemas";
import { testTrustEnv } from "@pes/sync/testing";
import { SERVICE } from "../src/env.js";

// Its own consumer group, so a test run never moves the offsets of the service's real group; the
// province's test keys (PES_KEYS, PES_KEY_REGISTRY), without which the hub does not start.
describeServiceProcess({
  service: SERVICE,
  appDir: new URL("..", import.meta.url),
  env: {
    PES_CONSUMER_GROUP: `process-test-${randomUUID()}`,
    ...testTrustEnv(sourceOf.province(), []),
  },
});
