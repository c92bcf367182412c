import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { freePort, spawnTsx } from "@pes/http/child";
import { sourceOf } from "@pes/schemas";
import { applyNodeAcls, createKafka, groupPrefix, kafkaTlsFromEnv, provisionTopics } from "@pes/sync";
import { createTestDatabase, TEST_PKI_DIR, testKeysOf } from "@pes/sync/testing";
import type { Kafka } from "kafkajs";
import type { MatrixCredentials } from "./credentials.js";
import { Service } from "./service.js";

export { Service } from "./service.js";

const require = createRequire(import.meta.url);
const appDir = (app: "city-node" | "province-hub") =>
  new URL(".", pathToFileURL(require.resolve(`@pes/${app}/package.json`)));
const kafkaScript = fileURLToPath(new URL("../../../infra/kafka/kafka.sh", import.meta.url));

/**
 * A broker of the matrix's own (infra/kafka/kafka.sh, secured with the tests' PKI): the matrix kills
 * and pauses it, never the shared one.
 */
export function ownBroker(name: string, port: number, advertisedPort = port) {
  const run = (...args: string[]) =>
    execFileSync("bash", [kafkaScript, ...args], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, PES_PKI_DIR: TEST_PKI_DIR, PES_KAFKA_ADVERTISED_PORT: String(advertisedPort) },
    });
  const pidFile = join(
    process.env.PES_CACHE ?? join(homedir(), ".cache/pes"),
    "kafka-instances",
    name,
    "pid",
  );
  const pid = () => Number(readFileSync(pidFile, "utf8").trim());
  return {
    start: () => run("start", name, String(port)),
    stop: () => run("stop", name),
    destroy: () => run("destroy", name),
    signal(signal: NodeJS.Signals) {
      process.kill(pid(), signal);
    },
    /** SIGKILL, and wait until the process is gone. */
    async kill() {
      const p = pid();
      process.kill(p, "SIGKILL");
      while (alive(p)) await sleep(100);
    },
  };
}
export type Broker = ReturnType<typeof ownBroker>;

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const CITY = "350200";

export interface Platform {
  kafka: Kafka;
  secret: string;
  city: Service;
  cityDatabaseUrl: string;
  cityToken: string;
  hubs: Service[];
  hubDatabaseUrl: string;
  hubGroup: string;
  /** Another hub process in the same group and database (the 1 → 2 → 1 row). */
  addHub(): Promise<Service>;
  close(): Promise<void>;
}

export interface PlatformSetup {
  /** Where the services and the matrix reach the broker. */
  brokers: string[];
  /** The hub's database: on the matrix's own PostgreSQL, which it restarts. */
  hubDatabaseUrl: string;
  /** The city's TLS credentials and keys, and the registry every party reads (the matrix rotates them). */
  credentials: MatrixCredentials;
}

/**
 * A city node (厦门) and a hub on `brokers`, each on a fresh database, their processes restartable.
 * The city connects as its own principal (city-350200, its ACLs applied) with its keys from files, the
 * hub as pes-admin with the province's test keys; both read the registry file, re-read when it changes.
 */
export async function startPlatform({
  brokers,
  hubDatabaseUrl,
  credentials,
}: PlatformSetup): Promise<Platform> {
  const kafka = createKafka({ brokers, clientId: "fault-matrix", tls: kafkaTlsFromEnv() ?? null });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await provisionTopics(admin);
    await applyNodeAcls(admin, { kind: "city", city: CITY });
  } finally {
    await admin.disconnect();
  }
  const secret = `faults-${randomUUID()}`;
  const common = {
    KAFKA_BROKERS: brokers.join(","),
    PES_PERSON_KEY_SECRET: secret,
    NODE_ENV: "test",
    PES_LOG_LEVEL: "warn",
    PES_KEY_REGISTRY: credentials.registry,
  };
  const cityDb = await createTestDatabase("faultscity");
  const cityPort = await freePort();
  const cityEnv = {
    ...common,
    CITY_CODE: CITY,
    PORT: String(cityPort),
    DATABASE_URL: cityDb.url,
    // Its ACLs let the city read only in groups of its own prefix.
    PES_CONSUMER_GROUP: `${groupPrefix({ kind: "city", city: CITY })}-faults-${randomUUID()}`,
    KAFKA_CREDENTIALS: credentials.cityFolder,
    PES_KEYS: join(credentials.cityFolder, "keys.json"),
  };
  const city = new Service("the city node", appDir("city-node"), cityEnv, `http://127.0.0.1:${cityPort}`);
  const hubGroup = `faults-hub-${randomUUID()}`;
  const hubEnv = async () => {
    const port = await freePort();
    const env = {
      ...common,
      PORT: String(port),
      DATABASE_URL: hubDatabaseUrl,
      PES_CONSUMER_GROUP: hubGroup,
      PES_KEYS: JSON.stringify(testKeysOf(sourceOf.province())),
    };
    return new Service("the hub", appDir("province-hub"), env, `http://127.0.0.1:${port}`);
  };
  const hubs = [await hubEnv()];
  await Promise.all([city.start(), hubs[0]!.start()]);
  const tokenRun = spawnTsx(
    appDir("city-node"),
    "src/cli/issue-token.ts",
    { ...cityEnv, PES_LOG_LEVEL: "info" },
    ["--admin", "故障矩阵"],
  );
  await tokenRun.waitForExit("the city token CLI", 60_000);
  const cityToken = /token \(shown once[^)]*\): (\S+)/.exec(tokenRun.output)?.[1];
  if (!cityToken) throw new Error(`no token printed: ${tokenRun.output}`);
  return {
    kafka,
    secret,
    city,
    cityDatabaseUrl: cityDb.url,
    cityToken,
    hubs,
    hubDatabaseUrl,
    hubGroup,
    async addHub() {
      const hub = await hubEnv();
      await hub.start();
      hubs.push(hub);
      return hub;
    },
    async close() {
      await city.stop();
      for (const hub of hubs) await hub.stop();
      await cityDb.drop();
    },
  };
}
