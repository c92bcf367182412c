import { describeServiceConformance } from "@pes/http/testing";
import { createApp } from "../src/app.js";
import { MIGRATIONS_FOLDER, openAppDatabase } from "../src/db/index.js";
import { SERVICE } from "../src/env.js";
import { testServices } from "./support/index.js";

describeServiceConformance({
  service: SERVICE,
  openDatabase: openAppDatabase,
  migrationsFolder: MIGRATIONS_FOLDER,
  makeApp: ({ db, kafka }) => createApp(testServices(db, kafka, { rateLimitPerMinute: 600 })),
  openapiPaths: [
    "/v1/market",
    "/v1/keys",
    "/v1/keys/{id}",
    "/v1/stations",
    "/v1/stations/{id}",
    "/v1/postings",
    "/v1/postings/{id}",
    "/v1/workers",
    "/v1/workers/{id}",
    "/v1/flowback",
    "/v1/webhooks",
    "/v1/webhooks/{id}",
    "/v1/webhooks/{id}/secret",
    "/v1/webhooks/{id}/deliveries",
    "/v1/webhooks/{id}/deliveries/{deliveryId}/redelivery",
  ],
  docsTitle: "零工市场",
});
