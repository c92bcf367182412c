#!/usr/bin/env tsx
// The Kafka PKI of one broker instance (pnpm pki, and infra/kafka/kafka.sh start):
//   pki init [--instance NAME | --dir DIR] [--cities a,b] [--markets a,b]
// creates (idempotently) the CA, the broker's certificate and the credentials of pes-admin, the hub,
// each city and each gig market, their SM2 signing and encryption keys (keys.json) and the registry
// of public keys (registry.json, docs/adr/0006), and prints the folder.
import { parseArgs } from "node:util";
import { FUJIAN_CITIES } from "@pes/schemas";
import { cityPrincipal, marketPrincipal, nodeOf } from "../acls.js";
import {
  ADMIN_PRINCIPAL,
  BROKER_PRINCIPAL,
  ensureCa,
  ensurePrincipal,
  HUB_PRINCIPAL,
  pkiDir,
} from "../pki.js";
import { DEFAULT_MARKETS } from "../provision.js";
import { ensurePartyKeys } from "../trust/index.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    instance: { type: "string" },
    dir: { type: "string" },
    cities: { type: "string" },
    markets: { type: "string" },
  },
});
const list = (v: string | undefined) =>
  v
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const command = positionals[0] ?? "init";
if (command !== "init") {
  console.error("usage: pki init [--instance NAME | --dir DIR] [--cities a,b] [--markets a,b]");
  process.exit(2);
}
const dir = values.dir ?? pkiDir(values.instance ?? process.env.KAFKA_INSTANCE ?? "local");
ensureCa(dir);
ensurePrincipal(dir, BROKER_PRINCIPAL, { server: true });
const names = [
  ADMIN_PRINCIPAL,
  HUB_PRINCIPAL,
  ...(list(values.cities) ?? Object.keys(FUJIAN_CITIES)).map(cityPrincipal),
  ...(list(values.markets) ?? list(process.env.PES_GIG_MARKETS) ?? DEFAULT_MARKETS).map(marketPrincipal),
];
for (const name of names) {
  ensurePrincipal(dir, name);
  const node = nodeOf(name);
  if (node) ensurePartyKeys(dir, name, node);
}
console.log(dir);
