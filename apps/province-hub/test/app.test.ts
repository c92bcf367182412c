import { describeServiceConformance } from "@pes/http/testing";
import { createApp } from "../src/app.js";
import { MIGRATIONS_FOLDER, openAppDatabase } from "../src/db/index.js";
import { SERVICE } from "../src/env.js";
import { TEST_CONFIG, TEST_TRUST } from "./support/index.js";

describeServiceConformance({
  service: SERVICE,
  openDatabase: openAppDatabase,
  migrationsFolder: MIGRATIONS_FOLDER,
  makeApp: (services) => createApp({ ...services, config: TEST_CONFIG, trust: TEST_TRUST }),
});
