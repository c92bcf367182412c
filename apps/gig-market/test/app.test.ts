import { describeServiceConformance } from "@pes/http/testing";
import { createApp } from "../src/app.js";
import { MIGRATIONS_FOLDER, openAppDatabase } from "../src/db/index.js";
import { DEV_PERSON_KEY_SECRET, DEV_PII_KEY, SERVICE } from "../src/env.js";
import { buildServices } from "../src/services.js";

describeServiceConformance({
  service: SERVICE,
  openDatabase: openAppDatabase,
  migrationsFolder: MIGRATIONS_FOLDER,
  makeApp: ({ db, kafka }) =>
    createApp(
      buildServices(
        { piiKey: DEV_PII_KEY, personKeySecret: DEV_PERSON_KEY_SECRET, rateLimitPerMinute: 600 },
        db,
        kafka,
      ),
    ),
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
