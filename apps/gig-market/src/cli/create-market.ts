#!/usr/bin/env tsx
// Creates a gig market (a tenant) and prints its first API key once, on the service's database (same env):
//   pnpm --filter @pes/gig-market market -- --id xm-siming-gig --name "思明零工市场" --city 350200 --district 350203
// More keys, and revoking them, through the API: POST /v1/keys, DELETE /v1/keys/{id}.
import { parseArgs } from "node:util";
import { scriptArgs } from "@pes/http";
import { trustFromEnv } from "@pes/sync";
import { z } from "zod";
import { openAppDatabase } from "../db/index.js";
import { loadConfig } from "../env.js";
import { assertSignsForMarkets } from "../services.js";
import { createMarket, MarketInput } from "../use-cases/markets/store.js";

const { values } = parseArgs({
  args: scriptArgs(),
  options: {
    id: { type: "string" },
    name: { type: "string" },
    city: { type: "string" },
    district: { type: "string" },
    label: { type: "string" },
  },
});
const input = MarketInput.safeParse({
  id: values.id,
  name: values.name,
  cityCode: values.city,
  districtCode: values.district,
});
if (!input.success) {
  console.error(
    `usage: --id MARKET-ID --name NAME --city CITY-CODE [--district DISTRICT-CODE] [--label LABEL]`,
  );
  console.error(z.prettifyError(input.error));
  process.exit(2);
}
// The deployment must hold the market's keys before it serves it: its relay signs every market's
// records, and a record it cannot sign would hold up the others' (pnpm enrol market <id> makes them).
try {
  assertSignsForMarkets(trustFromEnv(), [input.data.id]);
} catch (e) {
  console.error(
    `${(e as Error).message}\nenrol the market first (pnpm enrol market ${input.data.id}) and give this deployment its keys.json (PES_KEYS)`,
  );
  process.exit(1);
}
const handle = await openAppDatabase(loadConfig());
try {
  const issued = await createMarket({ db: handle.db }, { ...input.data, keyLabel: values.label });
  if (!issued) {
    console.error(`market ${input.data.id} exists already; issue more keys with POST /v1/keys`);
    process.exitCode = 1;
  } else {
    console.log(`market ${input.data.id} created`);
    console.log(`key (shown once, keep it secret): ${issued.key}`);
  }
} finally {
  await handle.close();
}
