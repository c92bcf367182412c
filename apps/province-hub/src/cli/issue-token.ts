#!/usr/bin/env tsx
// Issues an operator bearer token, shown once, on the hub's database (the same env as the service):
//   pnpm --filter @pes/province-hub token -- --admin "林处长"                  the first admin
//   pnpm --filter @pes/province-hub token -- --operator <id> --label laptop    another token for an operator
import { parseArgs } from "node:util";
import { scriptArgs } from "@pes/http";
import { createOperator, issueToken } from "../auth/tokens.js";
import { openAppDatabase } from "../db/index.js";
import { loadConfig } from "../env.js";

const { values } = parseArgs({
  args: scriptArgs(),
  options: { admin: { type: "string" }, operator: { type: "string" }, label: { type: "string" } },
});
if (!values.admin === !values.operator) {
  console.error("give either --admin NAME (a new admin) or --operator ID");
  process.exit(2);
}
const handle = await openAppDatabase(loadConfig());
try {
  let operatorId = values.operator;
  if (values.admin) {
    operatorId = await createOperator(handle.db, values.admin, "admin");
    console.log(`admin ${operatorId} created`);
  }
  const token = await issueToken(handle.db, operatorId!, values.label ?? "cli");
  console.log(`token (shown once, keep it secret): ${token}`);
} finally {
  await handle.close();
}
