import { createKafkaProbe, describeError, runService } from "@pes/http";
import { createApp } from "./app.js";
import { openAppDatabase } from "./db/index.js";
import { loadConfig, SERVICE } from "./env.js";
import { buildServices } from "./services.js";
import { startFlowback, startRelay } from "./streams/runtime.js";
import { WebhookDispatcher } from "./use-cases/webhooks/dispatcher.js";

await runService({
  service: SERVICE,
  loadConfig,
  async start(config, { closeOnStop, listen, log }) {
    const db = closeOnStop(await openAppDatabase(config));
    const kafka = closeOnStop(createKafkaProbe({ clientId: SERVICE, brokers: config.kafkaBrokers }));
    const services = buildServices(config, db, kafka);
    await listen(createApp(services));
    // After HTTP, so /healthz answers while Kafka is joined; what is written meanwhile waits in the outbox.
    closeOnStop(await startRelay(config, db, (error) => log.warn("relay retry", describeError(error))));
    closeOnStop(
      await startFlowback(config, db, services.cipher, (error) =>
        log.warn("flow-back retry", describeError(error)),
      ),
    );
    // Registered last, so stopped first: no new attempt starts while the consumer and database close.
    const dispatcher = new WebhookDispatcher({
      db: db.db,
      cipher: services.cipher,
      backoff: { baseMs: config.webhooks.backoffMs, maxAttempts: config.webhooks.maxAttempts },
      timeoutMs: config.webhooks.timeoutMs,
      targets: services.webhookTargets,
      logger: log,
    });
    dispatcher.start();
    closeOnStop({ close: () => dispatcher.stop() });
    return { logFields: { database: db.driver, kafkaBrokers: config.kafkaBrokers } };
  },
});
