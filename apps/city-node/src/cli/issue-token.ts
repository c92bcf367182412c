#!/usr/bin/env tsx
// Issues a bearer token, shown once, on this node's database (the same env as the service):
//   pnpm --filter @pes/city-node token -- --admin "王主任"                  first city admin of the node
//   pnpm --filter @pes/city-node token -- --staff <staff id> --label laptop  another token for a staff member
import { parseArgs } from "node:util";
import { scriptArgs } from "@pes/http";
import { issueToken } from "../auth/tokens.js";
import { openAppDatabase } from "../db/index.js";
import { staff } from "../db/tables/network.js";
import { loadConfig } from "../env.js";

const { values } = parseArgs({
  args: scriptArgs(),
  options: { admin: { type: "string" }, staff: { type: "string" }, label: { type: "string" } },
});
if (!values.admin === !values.staff) {
  console.error("give either --admin NAME (a new city admin) or --staff ID");
  process.exit(2);
}
const config = loadConfig();
const handle = await openAppDatabase(config);
try {
  let staffId = values.staff;
  if (values.admin) {
    const [admin] = await handle.db
      .insert(staff)
      .values({ name: values.admin, role: "city-admin", divisionCode: config.cityCode })
      .returning({ id: staff.id });
    staffId = admin!.id;
    console.log(`city admin ${staffId} created for ${config.cityCode}`);
  }
  const token = await issueToken(handle.db, staffId!, values.label ?? "cli");
  console.log(`token (shown once, keep it secret): ${token}`);
} finally {
  await handle.close();
}
