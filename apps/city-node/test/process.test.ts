import { randomUUID } from "node:crypto";
import { describeServiceProcess } from "@pes/http/testing";
import { SERVICE } from "../src/env.js";

describeServiceProcess({
  service: SERVICE,
  appDir: new URL("..", import.meta.url),
  // Its own consumer group: other tests run nodes of 350200 on other databases at the same time.
  env: { CITY_CODE: "350200", PES_CONSUMER_GROUP: `process-test-${randomUUID()}` },
});
