import { describeServiceConformance } from "@pes/http/testing";
import { createApp } from "../src/app.js";
import { MIGRATIONS_FOLDER, openAppDatabase } from "../src/db/index.js";
import { SERVICE } from "../src/env.js";

describeServiceConformance({
  service: SERVICE,
  openDatabase: openAppDatabase,
  migrationsFolder: MIGRATIONS_FOLDER,
  makeApp: (services) =>
    createApp({
      ...services,
      config: {
        personKeySecret: "test-person-key-secret-0123456789",
        piiKey: Buffer.alloc(32, 1).toString("base64"),
      },
    }),
});
