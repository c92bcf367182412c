import { randomUUID } from "node:crypto";
import { describeServiceProcess } from "@pes/http/testing";
import { SERVICE } from "../src/env.js";

// Its own consumer group, so a test run never moves the offsets of the service's real group.
describeServiceProcess({
  service: SERVICE,
  appDir: new URL("..", import.meta.url),
  env: { PES_CONSUMER_GROUP: `process-test-${randomUUID()}` },
});
