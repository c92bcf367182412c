import { createLogger, describeError } from "@pes/http";
import type { Services } from "./context.js";
import { SERVICE } from "./env.js";
import { ImportRunner } from "./use-cases/imports/jobs.js";

const runners = new WeakMap<Services, ImportRunner>();

/**
 * The node's one import runner (use-cases/imports/jobs.ts), made on first use for these services: the
 * import routes wake it, the node's start resumes the jobs a stop left unfinished (run.ts).
 */
export function importRunnerOf(services: Services, options: { chunkSize?: number } = {}): ImportRunner {
  let runner = runners.get(services);
  if (!runner) {
    const log = services.logger ?? createLogger(SERVICE);
    runner = new ImportRunner({
      db: services.db.db,
      base: {
        cityCode: services.config.cityCode,
        vault: services.vault,
        publisher: services.publisher,
        ...(services.clock ? { clock: services.clock } : {}),
      },
      onError: (error, jobId) => log.error("import job failed", { jobId, ...describeError(error) }),
      ...options,
    });
    runners.set(services, runner);
  }
  return runner;
}
