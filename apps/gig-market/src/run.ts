import { createService } from "@pes/http";
import { appSpec } from "./app.js";
import { openAppDatabase } from "./db/index.js";
import { loadConfig } from "./env.js";
import { assertSignsForMarkets, buildServices, servedMarkets } from "./services.js";
import { gigStreams } from "./streams/runtime.js";
import { WebhookDispatcher } from "./use-cases/webhooks/dispatcher.js";

await createService({
  ...appSpec,
  loadConfig,
  database: openAppDatabase,
  // Refuses to start on keys that cannot sign as every market it serves.
  services: async (config, { db, kafka }) => {
    const services = buildServices(config, db, kafka);
    assertSignsForMarkets(services.trust, await servedMarkets(db.db));
    return services;
  },
  streams: (config, services, start) => start(gigStreams(config, services)),
  // A job, so stopped first: no new attempt starts while the consumer and database close.
  jobs: (config, services, { log }) => {
    const dispatcher = new WebhookDispatcher({
      db: services.db.db,
      cipher: services.cipher,
      backoff: { baseMs: config.webhooks.backoffMs, maxAttempts: config.webhooks.maxAttempts },
      timeoutMs: config.webhooks.timeoutMs,
      targets: services.webhookTargets,
      logger: log,
      onOutcome: services.webhookOutcomes,
    });
    dispatcher.start();
    return [{ close: () => dispatcher.stop() }];
  },
});
