import { createService, describeError } from "@pes/http";
import { appSpec } from "./app.js";
import { openAppDatabase } from "./db/index.js";
import { loadConfig } from "./env.js";
import { importRunnerOf } from "./import-runner.js";
import { buildServices, clientIdOf } from "./services.js";
import { cityStreams } from "./streams/runtime.js";
import { scheduleRetirementClosures } from "./use-cases/ledgers/retirement-closure.js";
import { publishServiceNetwork } from "./use-cases/network/publish.js";

await createService({
  ...appSpec,
  loadConfig,
  clientId: clientIdOf,
  database: openAppDatabase,
  keepStatistics: true,
  services: (config, { db, kafka }) => buildServices(config, db, kafka),
  streams: (config, services, start) => start(cityStreams(config, services)),
  jobs: (config, services, { log }) => {
    // 达到法定退休年龄注销: at start-up and daily after midnight China time; published through the outbox.
    const retirement = scheduleRetirementClosures({
      db: services.db.db,
      ctx: { cityCode: config.cityCode, vault: services.vault, publisher: services.publisher },
      onError: (e) => log.warn("retirement closures failed", describeError(e)),
      onClosed: (rows, today) => {
        if (rows.length > 0)
          log.info("registrations closed at retirement age", { count: rows.length, today });
      },
    });
    // The service network as it stands at start-up, when it differs from what was published last: a
    // node upgraded with its points and staff already loaded, or changed by a batch, is not silent.
    services.db.db
      .transaction((tx) =>
        publishServiceNetwork({ db: tx, cityCode: config.cityCode, publisher: services.publisher }),
      )
      .catch((e) => log.warn("service network not published", describeError(e)));
    // Import jobs a stop left queued or running go on from their first row not committed.
    const imports = importRunnerOf(services);
    imports.resume();
    return [{ close: () => retirement.stop() }, { close: () => imports.stop() }];
  },
  logFields: (config) => ({ cityCode: config.cityCode }),
});
