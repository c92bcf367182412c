import { createKafkaProbe, describeError, runService } from "@pes/http";
import { createApp } from "./app.js";
import { openAppDatabase } from "./db/index.js";
import { loadConfig, SERVICE } from "./env.js";
import { buildServices } from "./services.js";
import { startRelay } from "./streams/runtime.js";

await runService({
  service: SERVICE,
  loadConfig,
  async start(config, { closeOnStop, listen, log }) {
    const db = closeOnStop(await openAppDatabase(config));
    const kafka = closeOnStop(createKafkaProbe({ clientId: SERVICE, brokers: config.kafkaBrokers }));
    await listen(createApp(buildServices(config, db, kafka)));
    // After HTTP, so /healthz answers while Kafka is joined; what is written meanwhile waits in the outbox.
    closeOnStop(await startRelay(config, db, (error) => log.warn("relay retry", describeError(error))));
    return { logFields: { database: db.driver, kafkaBrokers: config.kafkaBrokers } };
  },
});
