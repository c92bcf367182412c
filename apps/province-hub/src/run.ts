import { createService, describeError } from "@pes/http";
import { PiiCipher } from "@pes/sync";
import { appSpec } from "./app.js";
import { openAppDatabase } from "./db/index.js";
import { loadConfig } from "./env.js";
import { hubStreams } from "./streams/runtime.js";
import { evidenceHeader, evidenceSigner, provinceTrust } from "./trust.js";
import { scheduleEvidence } from "./use-cases/evidence/schedule.js";
import { ensureTotals } from "./use-cases/indicators/ensure-totals.js";
import { throughputWindowOf } from "./use-cases/monitoring/index.js";
import { scheduleExpiry } from "./use-cases/vouchers/schedule.js";

await createService({
  ...appSpec,
  loadConfig,
  database: openAppDatabase,
  keepStatistics: true,
  async services(config, { db, kafka, stopping }) {
    // The province's keys first: a hub that cannot sign as /province, or open what is sealed for it,
    // does not start.
    const trust = provinceTrust();
    // Persons stored before their birth dates were kept are aged from their ID numbers; before the
    // ingest starts adding to the totals.
    await ensureTotals(db.db, { cipher: new PiiCipher(config.piiKey) });
    return { config, db, kafka, trust, stopping };
  },
  async streams(config, services, start) {
    const lastSeen = new Map<string, Date>();
    const streams = await start(hubStreams(config, new PiiCipher(config.piiKey), lastSeen, services.trust));
    // Sample the counters from the start, so "records per minute" has a minute behind it when asked.
    throughputWindowOf(streams.metrics);
    return { ...streams, lastSeen: () => lastSeen };
  },
  // Vouchers past their last valid day expire hourly; stopped before the streams and the database close.
  jobs: (config, services, { log }) => [
    scheduleExpiry(
      { db: services.db.db, cipher: new PiiCipher(config.piiKey), sealer: services.trust.sealer },
      {
        onError: (e) => log.warn("voucher expiry failed", describeError(e)),
      },
    ),
    // The evidence log's signed checkpoints and its archive past the retention.
    scheduleEvidence(services.db.db, {
      signer: evidenceSigner(services.trust),
      header: evidenceHeader(services.trust),
      ...config.evidence,
      onError: (e) => log.warn("evidence log upkeep failed", describeError(e)),
    }),
  ],
});
