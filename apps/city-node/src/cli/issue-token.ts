#!/usr/bin/env tsx
// Issues a bearer token, shown once, on this node's database (the same env as the service):
//   pnpm --filter @pes/city-node token -- --admin "王主任"                  first city admin of the node
//   pnpm --filter @pes/city-node token -- --staff <staff id> --label laptop  another token for a staff member
//   … --expires-in-days 90                                                  a token that expires (default: never)
// Both the new admin and the token are in audit_log, by the node itself (NODE_ACTOR).
import { parseArgs } from "node:util";
import { scriptArgs } from "@pes/http";
import { openAppDatabase } from "../db/index.js";
import { loadConfig } from "../env.js";
import { issueFromCli, parseExpiresInDays } from "./issue.js";

const { values } = parseArgs({
  args: scriptArgs(),
  options: {
    admin: { type: "string" },
    staff: { type: "string" },
    label: { type: "string" },
    "expires-in-days": { type: "string" },
  },
});
if (!values.admin === !values.staff) {
  console.error("give either --admin NAME (a new city admin) or --staff ID");
  process.exit(2);
}
let expiresInDays: number | undefined;
try {
  expiresInDays = parseExpiresInDays(values["expires-in-days"]);
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const config = loadConfig();
const handle = await openAppDatabase(config);
try {
  const issued = await issueFromCli(handle.db, config.cityCode, {
    ...(values.admin ? { admin: values.admin } : {}),
    ...(values.staff ? { staffId: values.staff } : {}),
    ...(values.label ? { label: values.label } : {}),
    ...(expiresInDays === undefined ? {} : { expiresInDays }),
  });
  if (issued.created) console.log(`city admin ${issued.staffId} created for ${config.cityCode}`);
  console.log(`token ${issued.tokenId} expires ${issued.expiresAt?.toISOString() ?? "never"}`);
  console.log(`token (shown once, keep it secret): ${issued.token}`);
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
} finally {
  await handle.close();
}
