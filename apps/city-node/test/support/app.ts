import { createKafkaProbe, type KafkaProbe } from "@pes/http";
import { sourceOf } from "@pes/schemas";
import { PiiCipher } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import { TEST_BROKERS, testTrust } from "@pes/sync/testing";
import { createApp } from "../../src/app.js";
import type { App, Services } from "../../src/context.js";
import { DEV_PII_KEY } from "../../src/env.js";
import { publisherFor } from "../../src/streams/publish.js";
import { TEST_PERSON_KEY_SECRET, XIAMEN } from "./config.js";
import { testDatabase } from "./database.js";
import { staffOfEachRole } from "./principals.js";

/**
 * The services of a node for `config.cityCode` on a real database, as the node builds them, with the
 * city's test keys (testTrust: it signs as /city/<code>, opens what is sealed for it, and knows every
 * party's test public keys).
 */
export function testServices(
  config: { cityCode: string; cityName: string },
  db: DatabaseHandle,
  kafka: Pick<KafkaProbe, "check">,
): Services {
  const trust = testTrust(sourceOf.city(config.cityCode));
  return {
    config: config as Services["config"],
    db,
    kafka,
    vault: { cipher: new PiiCipher(DEV_PII_KEY), personKeySecret: TEST_PERSON_KEY_SECRET },
    publisher: publisherFor(config.cityCode, trust.sealer),
    trust,
  };
}

type Who = { headers: Record<string, string> };

/**
 * A 厦门 node (src/app.ts createApp) on a fresh test database (./database.ts), with the test services,
 * a Kafka probe on the test broker and `overrides` (logger, clock…), and staff of each role with real
 * tokens (./principals.ts staffOfEachRole). post() and get() send as the 思明 clerk unless told.
 */
export async function testApp(label: string, overrides: Partial<Services> = {}) {
  const database = await testDatabase(label, XIAMEN.cityCode);
  const { db } = database;
  const probe = overrides.kafka
    ? undefined
    : createKafkaProbe({ clientId: `city-${label}`, brokers: TEST_BROKERS });
  const services: Services = { ...testServices(XIAMEN, db, overrides.kafka ?? probe!), ...overrides };
  const app: App = createApp(services);
  const staff = await staffOfEachRole(db);
  async function send(
    method: string,
    path: string,
    body: unknown,
    who: Who,
    headers: Record<string, string>,
  ) {
    const res = await app.request(path, {
      method,
      headers: { ...who.headers, "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      headers: res.headers,
      body: (await res.json()) as Record<string, unknown> & {
        errors?: { path: string; message: string }[];
      },
    };
  }
  return {
    ...database,
    app,
    services,
    staff,
    async post(
      path: string,
      body: unknown,
      who: Who = staff.simingClerk,
      headers: Record<string, string> = {},
    ) {
      return send("POST", path, body, who, headers);
    },
    /** PUT: a revision of a record (headers: If-Match). */
    async put(
      path: string,
      body: unknown,
      who: Who = staff.simingClerk,
      headers: Record<string, string> = {},
    ) {
      return send("PUT", path, body, who, headers);
    },
    async get(path: string, who: Who = staff.simingClerk) {
      const res = await app.request(path, { headers: who.headers });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async close() {
      await probe?.close();
      await database.close();
    },
  };
}
export type TestNode = Awaited<ReturnType<typeof testApp>>;
