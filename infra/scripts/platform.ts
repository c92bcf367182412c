// Runs every service of the platform as child processes, bootstraps what the demo needs, prints the URLs
// once they answer, runs the demo generator, and stops them all on Ctrl-C. Kafka is started (or found)
// by start.sh before this runs.
//   --no-demo or PES_DEMO=0         no generator
//   PES_PORT_BASE (8080)            hub; city nodes +1..+3; gig market +10
//   PES_BIND_HOST (127.0.0.1)       the address every service listens on: this machine only, unless
//                                   set (e.g. 0.0.0.0 to reach the platform from the network)
//   PES_PLATFORM_DIR (.pes)         embedded databases under data/, credentials under demo/
//   PES_PLATFORM_GROUP_TAG          appended to every consumer group (tests, beside a running platform);
//                                   appended, not prefixed: a group stays within its principal's ACLs
//   PES_DATABASE_URL_<SERVICE>      one service's database, e.g. PES_DATABASE_URL_CITY_NODE_350200;
//                                   else DATABASE_URL, else the embedded one
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createKafka, readCredentials, startNewGroupAtEnd } from "@pes/sync";
import {
  bootstrapHub,
  DEMO_MARKET,
  issueOfflineCredentials,
  loadCredentials,
  runningClis,
  saveCredentials,
} from "./bootstrap.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const base = Number(process.env.PES_PORT_BASE ?? 8080);
const dir = resolve(root, process.env.PES_PLATFORM_DIR ?? ".pes");
const groupTag = process.env.PES_PLATFORM_GROUP_TAG ?? "";
// A developer's platform holds demo credentials and development keys: not on the network by default.
const bindHost = process.env.PES_BIND_HOST || "127.0.0.1";
const demo = !process.argv.includes("--no-demo") && process.env.PES_DEMO !== "0";
const credentialsFile = `${dir}/demo/credentials.json`;

interface Service {
  name: string;
  app: string;
  /** Data folder and default consumer group, as the service would name itself. */
  id: string;
  port: number;
  env: Record<string, string>;
}

const databaseOf = (id: string) =>
  process.env[`PES_DATABASE_URL_${id.toUpperCase().replace(/-/g, "_")}`] ?? process.env.DATABASE_URL;
const service = (
  name: string,
  app: string,
  id: string,
  port: number,
  env: Record<string, string> = {},
): Service => ({
  name,
  app,
  id,
  port,
  env: {
    ...env,
    ...(databaseOf(id) ? { DATABASE_URL: databaseOf(id)! } : {}),
    PORT: String(port),
    PES_BIND_HOST: bindHost,
    PES_DATA_DIR: `${dir}/data/${id}`,
    ...(env.PES_CONSUMER_GROUP || groupTag
      ? { PES_CONSUMER_GROUP: [env.PES_CONSUMER_GROUP ?? id, groupTag].filter(Boolean).join("-") }
      : {}),
  },
});
const CITIES = { "350100": "福州", "350200": "厦门", "350500": "泉州" } as const;
/**
 * Each service connects to the secured broker as its own principal (README, Security): its folder of
 * the instance's PKI (PES_PKI_DIR, set by lib.sh's ensure_kafka); the broker's ACLs do the rest.
 */
const pki = process.env.PES_PKI_DIR;
const credentials = (principal: string): Record<string, string> =>
  pki ? { KAFKA_CREDENTIALS: join(pki, principal) } : {};
const hub = service("province-hub", "province-hub", "province-hub", base, credentials("province-hub"));

/**
 * A new hub (a group that never committed) starts at the end of the ingest and receipts topics,
 * before any node publishes: on a broker the tests share, their records (signed with the tests' keys)
 * would be thousands of dead letters to it. A hub that ran before resumes where it was.
 */
async function startHubAtEnd() {
  const kafka = createKafka({
    brokers: (process.env.KAFKA_BROKERS ?? "127.0.0.1:19094").split(","),
    clientId: "pes-platform",
    ...(pki ? { tls: readCredentials(join(pki, "pes-admin")) } : {}),
  });
  const admin = kafka.admin();
  await admin.connect();
  const group = hub.env.PES_CONSUMER_GROUP ?? "province-hub";
  try {
    await startNewGroupAtEnd(kafka, admin, group, [
      /^pes\.city\.\d{6}\.(person|master)$/,
      /^pes\.gig\.[a-z0-9-]+\.events$/,
    ]);
    // The receipts consumer's own group (the hub's runtime.ts: <group>-receipts).
    await startNewGroupAtEnd(kafka, admin, `${group}-receipts`, [
      /^pes\.city\.\d{6}\.receipts$/,
      /^pes\.gig\.[a-z0-9-]+\.receipts$/,
    ]);
  } finally {
    await admin.disconnect();
  }
}
const cities = Object.entries(CITIES).map(([code, name], i) =>
  service(`city-node ${name} ${code}`, "city-node", `city-node-${code}`, base + 1 + i, {
    CITY_CODE: code,
    ...credentials(`city-${code}`),
  }),
);
// The demo deployment serves one market (DEMO_MARKET), as its principal, in its market's consumer group.
const gig = service("gig-market", "gig-market", "gig-market", base + 10, {
  ...credentials(`gig-${DEMO_MARKET.id}`),
  PES_CONSUMER_GROUP: `gig-market-${DEMO_MARKET.id}`,
});
const services = [hub, ...cities, gig];
/** Where the services answer: the bound address, or loopback when bound to every interface. */
const reachAt = ["0.0.0.0", "::", ""].includes(bindHost)
  ? "127.0.0.1"
  : bindHost.includes(":")
    ? `[${bindHost}]`
    : bindHost;
const url = (s: Service) => `http://${reachAt}:${s.port}`;
const envOf = (s: Service) => ({ ...process.env, ...s.env });

const children: ChildProcess[] = [];
let stopping = false;

function relay(child: ChildProcess, name: string) {
  const prefix = `[${name}] `;
  const to = (out: NodeJS.WriteStream) => (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line) out.write(`${prefix}${line}\n`);
  };
  child.stdout?.on("data", to(process.stdout));
  child.stderr?.on("data", to(process.stderr));
}

function startService(s: Service): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", `apps/${s.app}/src/main.ts`], {
    cwd: root,
    env: envOf(s),
    stdio: ["ignore", "pipe", "pipe"],
  });
  relay(child, s.name);
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[${s.name}] exited (${signal ?? code}); stopping the platform`);
      void stopAll(1);
    }
  });
  children.push(child);
  return child;
}

/** The generator is a guest: if it ends, the platform keeps running. */
function startGenerator(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/generator.ts"], {
    cwd: `${root}/infra/demo`,
    env: { ...process.env, PES_DEMO_CREDENTIALS: credentialsFile },
    stdio: ["ignore", "pipe", "pipe"],
  });
  relay(child, "demo");
  child.on("exit", (code, signal) => {
    if (!stopping) console.error(`[demo] the generator ended (${signal ?? code}); the services keep running`);
  });
  children.push(child);
  return child;
}

async function waitHealthy(s: Service, deadline: number): Promise<boolean> {
  while (Date.now() < deadline && !stopping) {
    try {
      if ((await fetch(`${url(s)}/healthz`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function stopAll(code: number): Promise<never> {
  if (stopping) return new Promise<never>(() => {});
  stopping = true;
  const running = [...children, ...runningClis].filter((c) => c.exitCode === null && c.signalCode === null);
  const exits = running.map((c) => new Promise<void>((r) => c.once("exit", () => r())));
  for (const c of running) c.kill("SIGTERM");
  const timer = setTimeout(() => {
    for (const c of running) c.kill("SIGKILL");
  }, 30_000);
  await Promise.all(exits);
  clearTimeout(timer);
  console.log("the platform has stopped");
  process.exit(code);
}

async function mustBeHealthy(list: Service[]) {
  const deadline = Date.now() + 120_000;
  const healthy = await Promise.all(list.map((s) => waitHealthy(s, deadline)));
  const down = list.filter((_, i) => !healthy[i]).map((s) => s.name);
  if (down.length > 0) {
    console.error(`some services did not come up: ${down.join(", ")}`);
    await stopAll(1);
  }
}

process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

try {
  const creds = loadCredentials(credentialsFile);
  // A deleted embedded database takes its credentials with it.
  const gone = (s: Service) => !s.env.DATABASE_URL && !existsSync(s.env.PES_DATA_DIR!);
  if (gone(hub)) {
    creds.hubAdminToken = undefined;
    creds.gateway = undefined;
  }
  for (const c of cities) if (gone(c)) delete creds.cityTokens[c.env.CITY_CODE!];
  if (gone(gig)) creds.market = undefined;
  await issueOfflineCredentials(creds, {
    root,
    hubEnv: envOf(hub),
    cityEnvs: Object.fromEntries(cities.map((c) => [c.env.CITY_CODE!, envOf(c)])),
    gigEnv: envOf(gig),
  });
  saveCredentials(credentialsFile, creds);

  await startHubAtEnd();
  for (const s of [hub, ...cities]) startService(s);
  await mustBeHealthy([hub, ...cities]);
  await bootstrapHub(creds, url(hub));
  creds.urls = {
    hub: url(hub),
    cities: Object.fromEntries(cities.map((c) => [c.env.CITY_CODE!, url(c)])),
    gig: url(gig),
  };
  saveCredentials(credentialsFile, creds);
  // The gig market redeems vouchers at the hub: it starts once its gateway token exists.
  gig.env.PES_HUB_URL = url(hub);
  gig.env.PES_HUB_TOKEN = creds.gateway!.token;
  startService(gig);
  await mustBeHealthy([gig]);
} catch (e) {
  console.error(`the platform could not start: ${(e as Error).message}`);
  await stopAll(1);
}

console.log("\nThe platform is up (Ctrl-C stops everything):");
for (const s of services) console.log(`  ${s.name.padEnd(24)} ${url(s)}   API reference: ${url(s)}/docs`);
console.log(
  `  console                  ${url(hub)}/console   (log in with hubAdminToken from the credentials file)`,
);
console.log(`  node                     v${process.versions.node} (${process.execPath}), every service`);
console.log(
  `  Kafka                    ${process.env.KAFKA_BROKERS ?? "127.0.0.1:19094"}   (mutual TLS; PKI ${pki ?? "none"})`,
);
console.log(`  credentials              ${credentialsFile}   (admin tokens, gig market key; keep private)`);
if (demo) startGenerator();
console.log(
  `  demo generator           ${demo ? "running (--no-demo or PES_DEMO=0 to start without)" : "off"}`,
);
console.log(`PES_PLATFORM_PIDS=${children.map((c) => c.pid).join(",")}\n`);
