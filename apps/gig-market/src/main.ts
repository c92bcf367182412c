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

const log = createLogger(SERVICE);

async function main() {
  const config = loadConfig();
  const db = await openAppDatabase(config);
  const kafka = createKafkaProbe({ clientId: SERVICE, brokers: config.kafkaBrokers });
  const server = await startServer(createApp({ db, kafka }), { port: config.port });
  log.info("listening", { port: server.port, database: db.driver, kafkaBrokers: config.kafkaBrokers });

  onShutdownSignal(
    async (signal) => {
      log.info("stopping", { signal });
      await server.close();
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
