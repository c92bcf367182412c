import {
  createKafkaProbe,
  createLogger,
  describeError,
  EnvError,
  onShutdownSignal,
  startServer,
} from "@pes/http";
import { createApp } from "./app.js";
import { openAppDatabase } from "./db/index.js";
import { loadConfig, SERVICE } from "./env.js";
import { buildServices } from "./services.js";
import { startStreams } from "./streams/runtime.js";

const log = createLogger(SERVICE);

async function main() {
  const config = loadConfig();
  const db = await openAppDatabase(config);
  const kafka = createKafkaProbe({ clientId: `${SERVICE}-${config.cityCode}`, brokers: config.kafkaBrokers });
  const services = buildServices(config, db, kafka);
  const server = await startServer(createApp(services), { port: config.port });
  const streams = await startStreams(config, db, services, (error) =>
    log.warn("stream retry", describeError(error)),
  );
  log.info("listening", {
    port: server.port,
    cityCode: config.cityCode,
    database: db.driver,
    kafkaBrokers: config.kafkaBrokers,
  });

  onShutdownSignal(
    async (signal) => {
      log.info("stopping", { signal });
      await server.close();
      await streams.stop();
      await kafka.close();
      await db.close();
      log.info("stopped");
    },
    { onError: (error) => log.error("shutdown failed", describeError(error)) },
  );
}

main().catch((error) => {
  if (error instanceof EnvError) log.error(error.message);
  else log.error("start-up failed", describeError(error));
  process.exit(1);
});
