#!/usr/bin/env tsx
// Issue 15 #2, once after upgrading (the same env as the service; it may run meanwhile):
//   pnpm --filter @pes/province-hub seal-at-rest
// Seals the personal fields hub_records still holds in clear from before; running it again changes nothing.
import { PiiCipher } from "@pes/sync";
import { openAppDatabase } from "../db/index.js";
import { sealHubRecordsAtRest } from "../db/seal-at-rest.js";
import { loadConfig } from "../env.js";

const config = loadConfig();
const handle = await openAppDatabase(config);
try {
  const changed = await sealHubRecordsAtRest(handle.db, new PiiCipher(config.piiKey));
  console.log(`hub_records: ${changed} rows sealed`);
} finally {
  await handle.close();
}
