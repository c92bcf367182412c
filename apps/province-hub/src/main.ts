import { createKafkaProbe, runService } from "@pes/http";
import { createApp } from "./app.js";
import { openAppDatabase } from "./db/index.js";
import { loadConfig, SERVICE } from "./env.js";

await runService({
  service: SERVICE,
  loadConfig,
  async start(config, { closeOnStop, listen }) {
    const db = closeOnStop(await openAppDatabase(config));
    const kafka = closeOnStop(createKafkaProbe({ clientId: SERVICE, brokers: config.kafkaBrokers }));
    await listen(createApp({ config, db, kafka }));
    return { logFields: { database: db.driver, kafkaBrokers: config.kafkaBrokers } };
  },
});
