#!/usr/bin/env tsx
import { X509Certificate } from "node:crypto";
// Enrols a node at the broker, or rotates or revokes its credentials (README, Security):
//   pnpm enrol city 350200        certificate for city-350200, its topics, its ACLs
//   pnpm enrol market xm-siming   certificate for gig-xm-siming, its topics (pes.gig.xm-siming.events, its flow-back), its ACLs
//   pnpm enrol hub                certificate for province-hub and its ACLs
//   pnpm enrol rotate <principal> a new key and certificate, same subject; the old one stays valid until it expires;
//                                 new SM2 signing and encryption keys, the old signing key valid --overlap-days (7)
//   pnpm enrol revoke <principal> its ACLs replaced by DENYs, its credentials moved to revoked/, its keys revoked
// Each node's SM2 keys are in <principal>/keys.json, everyone's public keys in <PKI>/registry.json.
// Options: --instance NAME (PKI of ~/.cache/pes/pki/NAME, default local) or --dir DIR (PES_PKI_DIR).
// Talks to KAFKA_BROKERS as pes-admin: KAFKA_CREDENTIALS, else <PKI>/pes-admin.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { applyNodeAcls, type NodeIdentity, nodeOf, principalName, revokeAcls } from "../acls.js";
import { brokersFromEnv, createKafka, kafkaTlsPaths } from "../kafka.js";
import {
  ADMIN_PRINCIPAL,
  ensurePrincipal,
  pkiDir,
  readCredentials,
  retirePrincipal,
  rotatePrincipal,
} from "../pki.js";
import { provisionTopics } from "../provision.js";
import { ensurePartyKeys, registryPath, revokePartyKeys, rotatePartyKeys } from "../trust/index.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    instance: { type: "string" },
    dir: { type: "string" },
    force: { type: "boolean" },
    "overlap-days": { type: "string", default: "7" },
  },
});
const dir = values.dir ?? pkiDir(values.instance ?? process.env.KAFKA_INSTANCE ?? "local");
const [command, arg] = positionals;

function usage(): never {
  console.error(
    "usage: enrol city <code> | market <id> | hub | rotate <principal> | revoke <principal> [--instance NAME | --dir DIR]",
  );
  process.exit(2);
}

async function asAdmin<T>(
  f: (admin: ReturnType<ReturnType<typeof createKafka>["admin"]>) => Promise<T>,
): Promise<T> {
  const admin = createKafka({
    brokers: brokersFromEnv(),
    clientId: "pes-enrol",
    ...(kafkaTlsPaths(process.env) ? {} : { tls: readCredentials(join(dir, ADMIN_PRINCIPAL)) }),
  }).admin();
  await admin.connect();
  try {
    return await f(admin);
  } finally {
    await admin.disconnect();
  }
}

/** A revoked name stays refused while one of its old certificates is still valid (Kafka checks no CRL). */
function refuseIfRevoked(principal: string) {
  const revoked = join(dir, "revoked");
  if (values.force || !existsSync(revoked)) return;
  for (const entry of readdirSync(revoked).filter((e) => e.startsWith(`${principal}-`))) {
    for (const f of [join(revoked, entry, "cert.pem"), join(revoked, entry, "previous", "cert.pem")]) {
      if (existsSync(f) && new Date(new X509Certificate(readFileSync(f)).validTo) > new Date()) {
        console.error(
          `${principal} was revoked and its certificate ${f} is valid until ${new X509Certificate(readFileSync(f)).validTo}: ` +
            "enrol the node under a new name, or wait until then (--force to enrol anyway)",
        );
        process.exit(1);
      }
    }
  }
}

async function enrol(node: NodeIdentity) {
  const principal = principalName(node);
  refuseIfRevoked(principal);
  const creds = ensurePrincipal(dir, principal);
  const keys = ensurePartyKeys(dir, principal, node);
  await asAdmin(async (admin) => {
    if (node.kind !== "hub") {
      await provisionTopics(
        admin,
        node.kind === "city" ? { cities: [node.city], markets: [] } : { cities: [], markets: [node.market] },
      );
    }
    await applyNodeAcls(admin, node);
  });
  console.log(`enrolled ${principal}: its topics exist and its ACLs are in place.`);
  console.log(
    `credentials: ${creds.dir} (ca.pem, cert.pem, key.pem, keys.json; keep key.pem and keys.json private)`,
  );
  console.log(
    `it speaks as ${keys.source}; everyone's public keys: ${registryPath(dir)} (give it to the node too)`,
  );
  console.log("set on the node's service:");
  console.log(`  KAFKA_BROKERS=${brokersFromEnv().join(",")}`);
  console.log(`  KAFKA_CREDENTIALS=${creds.dir}`);
  if (node.kind === "city") console.log(`  CITY_CODE=${node.city}`);
  if (node.kind === "gig") console.log(`  PES_CONSUMER_GROUP=gig-market-${node.market}`);
}

switch (command) {
  case "city":
    if (!arg || !/^\d{6}$/.test(arg)) usage();
    await enrol({ kind: "city", city: arg });
    break;
  case "market":
    if (!arg) usage();
    await enrol({ kind: "gig", market: arg });
    break;
  case "hub":
    await enrol({ kind: "hub" });
    break;
  case "rotate": {
    if (!arg) usage();
    const { current, previous } = rotatePrincipal(dir, arg);
    const until = new X509Certificate(previous.cert).validTo;
    const node = nodeOf(arg);
    if (node) {
      const overlap = Number(values["overlap-days"]);
      const rotated = rotatePartyKeys(dir, arg, node, Number.isFinite(overlap) && overlap >= 0 ? overlap : 7);
      console.log(
        `new keys ${rotated.keys.map((k) => k.id).join(", ")}; the old signing key signs until ${rotated.overlapUntil}.`,
      );
    }
    console.log(
      `rotated ${arg}: new credentials in ${current.dir}; the old ones (${previous.dir}) stay valid until ${until}.`,
    );
    console.log(
      "install the new ones on the node and restart it; nothing changes at the broker (same subject, same ACLs).",
    );
    break;
  }
  case "revoke": {
    if (!arg) usage();
    const node = nodeOf(arg);
    if (!node) {
      console.error(`${arg} is not a node's principal (city-<code>, gig-<market>, province-hub)`);
      process.exit(2);
    }
    await asAdmin((admin) => revokeAcls(admin, arg));
    const stamped = revokePartyKeys(dir, node);
    const moved = retirePrincipal(dir, arg);
    console.log(
      `its ${stamped} keys are revoked in ${registryPath(dir)}: its records are refused from now on.`,
    );
    console.log(
      `revoked ${arg}: its ALLOW ACLs are gone and DENY ALL is in place; its connections are refused every request.`,
    );
    if (moved) console.log(`its credentials moved to ${moved}`);
    break;
  }
  default:
    usage();
}
