#!/usr/bin/env tsx
// Issue 15 #2, once after upgrading (the same env as the service; it may run meanwhile):
//   pnpm --filter @pes/city-node seal-at-rest
// Seals the personal fields the node's tables still hold in clear from before; running it again changes nothing.
import { PiiCipher } from "@pes/sync";
import { openAppDatabase } from "../db/index.js";
import { sealNodeTablesAtRest } from "../db/seal-at-rest.js";
import { loadConfig } from "../env.js";

const config = loadConfig();
const handle = await openAppDatabase(config);
try {
  const changed = await sealNodeTablesAtRest(handle.db, new PiiCipher(config.piiKey));
  for (const [table, rows] of Object.entries(changed)) console.log(`${table}: ${rows} rows sealed`);
} finally {
  await handle.close();
}
