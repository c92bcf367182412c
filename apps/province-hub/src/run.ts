import { createKafkaProbe, describeError, runService } from "@pes/http";
import { topics } from "@pes/schemas";
import { keepStatistics, PiiCipher } from "@pes/sync";
import { createApp } from "./app.js";
import { openAppDatabase } from "./db/index.js";
import { loadConfig, SERVICE } from "./env.js";
import { startIngest } from "./streams/runtime.js";
import type { HubStreams } from "./streams/types.js";
import { gigMarketsExtension } from "./use-cases/flowback/markets.js";
import { needsFlowbackExtension } from "./use-cases/flowback/needs.js";
import { ensureTotals } from "./use-cases/indicators/ensure-totals.js";
import { indicatorExtension } from "./use-cases/indicators/store.js";
import {
  reportingExtension,
  startDeadLetterIndexer,
  throughputWindowOf,
} from "./use-cases/monitoring/index.js";
import { scheduleExpiry } from "./use-cases/vouchers/schedule.js";
import { riskWarningExtension } from "./use-cases/warnings/extension.js";

await runService({
  service: SERVICE,
  loadConfig,
  async start(config, { closeOnStop, listen, log, stopping }) {
    const db = closeOnStop(await openAppDatabase(config));
    const cipher = new PiiCipher(config.piiKey);
    // Persons stored before their birth dates were kept are aged from their ID numbers.
    await ensureTotals(db.db, { cipher });
    const statistics = keepStatistics(db.db, {
      onError: (e) => log.warn("analyze failed", describeError(e)),
    });
    closeOnStop({ close: async () => statistics.stop() });
    const kafka = closeOnStop(createKafkaProbe({ clientId: SERVICE, brokers: config.kafkaBrokers }));
    const services = { config, db, kafka, stopping, streams: undefined as HubStreams | undefined };
    await listen(createApp(services));
    // Streams start after HTTP, so /healthz answers while Kafka is joined.
    const ingesting = startIngest(db, {
      kafkaBrokers: config.kafkaBrokers,
      personKeySecret: config.personKeySecret,
      groupId: config.consumerGroup,
      cipher,
      // The indicator totals last: their rows are shared by every chunk (the province's), so the
      // chunk holds their locks only for the last statements before it commits.
      extensions: [
        reportingExtension,
        gigMarketsExtension,
        riskWarningExtension(config.warningRule),
        needsFlowbackExtension(cipher),
        indicatorExtension(),
      ],
      onError: (error) => log.warn("stream retry", describeError(error)),
    });
    // Dead letters are indexed as they arrive, in their own group, so browsing them is a query.
    const indexing = startDeadLetterIndexer({
      brokers: config.kafkaBrokers,
      db: db.db,
      topic: topics.deadLetters(),
      groupId: `${config.consumerGroup}-dead-letters`,
      onError: (error) => log.warn("dead-letter index", describeError(error)),
    });
    const [streams, deadLetterIndexer] = await Promise.all([ingesting, indexing]);
    services.streams = streams;
    // Vouchers past their last valid day expire hourly; stopped before the database closes.
    closeOnStop(
      scheduleExpiry(db.db, cipher, { onError: (e) => log.warn("voucher expiry failed", describeError(e)) }),
    );
    // Sample the counters from the start, so "records per minute" has a minute behind it when asked.
    throughputWindowOf(streams.metrics);
    // Both consumers leave their groups at once: one after the other could outlast the shutdown grace.
    closeOnStop({ close: async () => void (await Promise.all([streams.stop(), deadLetterIndexer.stop()])) });
    return { logFields: { database: db.driver, kafkaBrokers: config.kafkaBrokers } };
  },
});
