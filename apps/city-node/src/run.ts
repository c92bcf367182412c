import { createKafkaProbe, describeError, runService } from "@pes/http";
import { keepStatistics } from "@pes/sync";
import { createApp } from "./app.js";
import { openAppDatabase } from "./db/index.js";
import { loadConfig, SERVICE } from "./env.js";
import { buildServices } from "./services.js";
import { startStreams } from "./streams/runtime.js";
import { scheduleRetirementClosures } from "./use-cases/ledgers/retirement-closure.js";

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
    // 达到法定退休年龄注销: at start-up and daily after midnight China time; published through the outbox.
    const retirement = scheduleRetirementClosures({
      db: db.db,
      ctx: { cityCode: config.cityCode, vault: services.vault, publisher: services.publisher },
      onError: (e) => log.warn("retirement closures failed", describeError(e)),
      onClosed: (rows, today) => {
        if (rows.length > 0)
          log.info("registrations closed at retirement age", { count: rows.length, today });
      },
    });
    closeOnStop({ close: () => retirement.stop() });
    return {
      logFields: { cityCode: config.cityCode, database: db.driver, kafkaBrokers: config.kafkaBrokers },
    };
  },
});
