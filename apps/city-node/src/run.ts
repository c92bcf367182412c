import { createKafkaProbe, describeError, runService } from "@pes/http";
import { keepStatistics } from "@pes/sync";
import { createApp } from "./app.js";
import { openAppDatabase } from "./db/index.js";
import { loadConfig, SERVICE } from "./env.js";
import { buildServices } from "./services.js";
import { startStreams } from "./streams/runtime.js";

await runService({
  service: SERVICE,
  loadConfig,
  async start(config, { closeOnStop, listen, log }) {
    const db = closeOnStop(await openAppDatabase(config));
    const statistics = keepStatistics(db.db, {
      onError: (e) => log.warn("analyze failed", describeError(e)),
    });
    closeOnStop({ close: async () => statistics.stop() });
    const kafka = closeOnStop(
      createKafkaProbe({ clientId: `${SERVICE}-${config.cityCode}`, brokers: config.kafkaBrokers }),
    );
    const services = buildServices(config, db, kafka);
    await listen(createApp(services));
    const streams = await startStreams(
      config,
      db,
      services,
      (error) => log.warn("stream retry", describeError(error)),
      { groupId: config.consumerGroup },
    );
    closeOnStop({ close: () => streams.stop() });
    return {
      logFields: { cityCode: config.cityCode, database: db.driver, kafkaBrokers: config.kafkaBrokers },
    };
  },
});
