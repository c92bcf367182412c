import { randomBytes, randomUUID } from "node:crypto";
import { freePort, spawnTsx, type TestProcess } from "@pes/http/child";
import { encodeEvent, keyGroupMembership, reportingCityOf, sourceOf, topics } from "@pes/schemas";
import { createKafka, provisionTopics, sealAndSign } from "@pes/sync";
import { createTestDatabase, startGroupAtEnd, testTrust, testTrustEnv } from "@pes/sync/testing";
import { type AppName, appDir } from "./apps.js";
import { type Person, person } from "./person.js";

export type { Person };

// The real services, for the end-to-end test and the bench: a hub (the voucher authority) and a gig market, each its own
// process on its own fresh database, on the broker in KAFKA_BROKERS.

const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:19094").split(",");

export interface Service {
  url: string;
  /** The service's environment: its CLIs run with the same. */
  env: Record<string, string>;
  process: TestProcess;
  stop(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: the bench reads answers loosely
type Json = any;
export type Call = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: Json }>;

/** Requests with a bearer token; the answer parsed when it is JSON. */
export function caller(url: string, token: string): Call {
  return async (method, path, body, headers = {}) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text.startsWith("{") ? JSON.parse(text) : text };
  };
}

/** The answer's body when its status is one of `statuses`; otherwise an error naming the step. */
export async function ok(
  what: string,
  res: ReturnType<Call> | Awaited<ReturnType<Call>>,
  statuses = [200, 201],
) {
  const answer = await res;
  if (!statuses.includes(answer.status))
    throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** What the hub ingests: it starts at their ends, not at the history earlier runs left on the broker. */
const INGEST_TOPICS = [/^pes\.city\.\d{6}\.(person|master)$/, /^pes\.gig\.[a-z0-9-]+\.events$/];

async function start(app: AppName, env: Record<string, string>): Promise<Service> {
  const db = await createTestDatabase(`bench${app.replace("-", "")}`);
  const port = await freePort();
  const group = `bench-${app}-${randomUUID()}`;
  if (app === "province-hub") {
    const admin = createKafka({ brokers, clientId: "bench-hub-start" }).admin();
    await admin.connect();
    await startGroupAtEnd(admin, group, INGEST_TOPICS).finally(() => admin.disconnect());
  }
  const full = {
    // Other tests' 厦门 records are refused by this hub (their person-key secret is not its own): it
    // must not send their nodes rejection notices (issue 17 #5) on the shared broker.
    ...(app === "province-hub" ? { PES_REJECTION_NOTICES: "off" } : {}),
    ...env,
    PORT: String(port),
    DATABASE_URL: db.url,
    KAFKA_BROKERS: brokers.join(","),
    NODE_ENV: "test",
    PES_CONSUMER_GROUP: group,
  };
  const proc = spawnTsx(appDir(app), "src/main.ts", full);
  // Polls /healthz rather than reading "listening": the services log at warn, so request logs stay out of the figures.
  const healthy = () =>
    fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
  await proc.waitUntil(healthy, `${app} answering /healthz`, 90_000);
  return {
    url: `http://127.0.0.1:${port}`,
    process: proc,
    async stop() {
      proc.signal("SIGTERM");
      await proc.waitForExit(`${app} stopping`, 30_000).catch(() => proc.kill());
      await db.drop();
    },
    env: full,
  };
}

async function cli(
  app: AppName,
  env: Record<string, string>,
  script: string,
  args: string[],
  pattern: RegExp,
) {
  const run = spawnTsx(appDir(app), script, env, args);
  await run.waitForExit(script, 60_000);
  const found = pattern.exec(run.output)?.[1];
  if (!found) throw new Error(`${script} printed no ${pattern}: ${run.output}`);
  return found;
}

/** An admin token issued by an app's own CLI, on the database its `env` names. */
export const adminToken = (app: AppName, env: Record<string, string>, adminName: string) =>
  cli(app, env, "src/cli/issue-token.ts", ["--admin", adminName], /token \(shown once[^)]*\): (\S+)/);

/** `count` distinct persons of 思明 (厦门), keyed with the platform's `secret`. */
export function persons(count: number, secret: string): Person[] {
  return Array.from({ length: count }, (_, i) => {
    const birth = new Date(Date.UTC(1980, 0, 1 + Math.floor(i / 1000)));
    return person(i % 1000, { birthDate: birth.toISOString().slice(0, 10), name: `测试${i}`, secret });
  });
}

/** Puts the persons on a district's registered-unemployed ledger, as the city node would publish them. */
export async function onLedger(people: Person[], district = "350203"): Promise<void> {
  const city = reportingCityOf(district) as "350200";
  const kafka = createKafka({ brokers, clientId: "bench-gig-ledger" });
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (let i = 0; i < people.length; i += 500) {
      const messages = people.slice(i, i + 500).map((p) => {
        const e = encodeEvent(
          keyGroupMembership,
          {
            id: randomUUID(),
            revision: 1,
            cityCode: city,
            districtCode: district,
            recordedAt: new Date().toISOString(),
            person: { key: p.key, idNumber: p.idNumber, name: p.name },
            group: "registered-unemployed",
            startedOn: "2026-01-05",
            source: "registration",
          },
          { source: sourceOf.city(city) },
        );
        return { key: e.key, value: e.value, headers: e.headers };
      });
      // Sealed for the hub and signed as the city, as its relay would.
      await producer.send({
        topic: topics.cityPerson(city),
        messages: sealAndSign(testTrust(sourceOf.city(city)), sourceOf.province(), messages),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/** The markets a platform of the tests may serve: marketId(name) for each. */
const MARKET_NAMES = ["siming", "huli"];

/** A hub and a gig market wired together: the market redeems at the hub with a gateway token. */
export async function startPlatform(rateLimitPerMinute: number) {
  const admin = createKafka({ brokers, clientId: "bench-gig-admin" }).admin();
  await admin.connect();
  await provisionTopics(admin);
  await admin.disconnect();
  const secret = `bench-${randomBytes(16).toString("hex")}`;
  const common = { PES_PERSON_KEY_SECRET: secret, PES_LOG_LEVEL: "warn" };
  // Market ids of this run only: the broker keeps every market topic's records, and a later run must
  // not read an earlier run's flow-back as its own.
  const run = randomBytes(3).toString("hex");
  const marketId = (name: string) => `xm-${name}-${run}`;
  // The deployment holds the keys of the markets it may serve (made before it starts, as enrolment does).
  const markets = MARKET_NAMES.map((name) => sourceOf.gig(marketId(name)));
  const parties = [sourceOf.province(), sourceOf.city("350200"), ...markets];
  const hub = await start("province-hub", { ...common, ...testTrustEnv(sourceOf.province(), parties) });
  const adminToken = await cli(
    "province-hub",
    hub.env,
    "src/cli/issue-token.ts",
    ["--admin", "bench"],
    /token \(shown once[^)]*\): (\S+)/,
  );
  const hubAdmin = caller(hub.url, adminToken);
  const gatewayOperator = await hubAdmin("POST", "/v1/operators", {
    name: "gig-market deployment",
    role: "gateway",
  });
  const issued = await hubAdmin("POST", `/v1/operators/${gatewayOperator.body.id}/tokens`, {
    label: "bench",
  });
  const gatewayToken: string = issued.body.token;
  const market = await start("gig-market", {
    ...common,
    PES_HUB_URL: hub.url,
    PES_HUB_TOKEN: gatewayToken,
    PES_RATE_LIMIT_PER_MINUTE: String(rateLimitPerMinute),
    ...testTrustEnv(markets, parties),
  });
  /**
   * A market of this deployment (a tenant) and a caller holding its first key; enrolled first, as
   * `pnpm enrol market` does: its topics exist, and the running hub finds its pes.gig.{market}.events
   * within its topic refresh.
   */
  async function addMarket(id: string, name: string, district: string): Promise<Call> {
    if (!markets.includes(sourceOf.gig(id)))
      throw new Error(`${id}: not a market of this run (${MARKET_NAMES})`);
    const enrol = createKafka({ brokers, clientId: "bench-gig-enrol" }).admin();
    await enrol.connect();
    await provisionTopics(enrol, { cities: [], markets: [id] }).finally(() => enrol.disconnect());
    const args = ["--id", id, "--name", name, "--city", `${district.slice(0, 4)}00`, "--district", district];
    return caller(
      market.url,
      await cli("gig-market", market.env, "src/cli/create-market.ts", args, /(pes_gm_\S+)/),
    );
  }
  const gig = await addMarket(marketId("siming"), "思明零工市场", "350203");
  return {
    secret,
    hub,
    hubAdmin,
    market,
    gig,
    addMarket,
    /** A market id unique to this run, e.g. marketId("siming") for the first market. */
    marketId,
    /** The hub operator the deployment redeems as: a provider names it among its gateways. */
    gatewayId: gatewayOperator.body.id as string,
    async stop() {
      await market.stop();
      await hub.stop();
    },
  };
}
