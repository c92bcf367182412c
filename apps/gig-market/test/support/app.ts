import { createKafkaProbe } from "@pes/http";
import { jsonCaller } from "@pes/http/testing";
import type { DatabaseHandle } from "@pes/sync/db";
import { TEST_BROKERS } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { createApp } from "../../src/app.js";
import type { Services } from "../../src/context.js";
import { DEV_PERSON_KEY_SECRET, DEV_PII_KEY } from "../../src/env.js";
import { buildServices } from "../../src/services.js";
import { rows, testDatabase } from "./database.js";
import { type Headers, JINJIANG, SIMING, testMarket } from "./principals.js";
import { gigTestTrust, openAsProvince } from "./sealed.js";

export interface TestAppOptions {
  rateLimitPerMinute?: number;
  /** Market ids of their own, for tests on the shared broker where the default ids' topics hold other runs' records. */
  ids?: { siming: string; jinjiang: string };
  production?: boolean;
  /** PES_WEBHOOK_ALLOW_HOSTS (outside production): the loopback receivers the webhook tests use. */
  webhookAllowHosts?: string[];
  /** PES_WEBHOOK_SECRET_OVERLAP_SECONDS; default 24 h. */
  webhookSecretOverlapSeconds?: number;
  /** PES_MAX_API_KEYS_PER_MARKET; default 10. */
  maxKeysPerMarket?: number;
}

/**
 * The market's services as the service builds them (buildServices), from a test config, with the
 * deployment's test keys (gigTestTrust: it signs as any /gig/ market).
 */
export function testServices(
  db: DatabaseHandle,
  kafka: Services["kafka"],
  opts: TestAppOptions = {},
): Services {
  return buildServices(
    {
      piiKey: DEV_PII_KEY,
      personKeySecret: DEV_PERSON_KEY_SECRET,
      rateLimitPerMinute: opts.rateLimitPerMinute ?? 1_000_000,
      nodeEnv: opts.production ? "production" : "test",
      webhooks: {
        allowHosts: opts.webhookAllowHosts ?? [],
        ...(opts.webhookSecretOverlapSeconds !== undefined
          ? { secretOverlapSeconds: opts.webhookSecretOverlapSeconds }
          : {}),
      },
      ...(opts.maxKeysPerMarket ? { maxKeysPerMarket: opts.maxKeysPerMarket } : {}),
    },
    db,
    kafka,
    gigTestTrust(),
  );
}

/**
 * The gig market service (src/app.ts createApp) on a fresh test database (./database.ts), its
 * services built as the service builds them from a test config (`opts`: rate limit, production,
 * webhook hosts, key cap) with a Kafka probe on the test broker and `overrides`, and two markets
 * (思明 in 厦门, 晋江 in 泉州) holding real API keys. The rate limit is high unless a test asks for a
 * small one. Requests go through app.request, as the 思明 market unless told.
 */
export async function testApp(label: string, opts: TestAppOptions = {}, overrides: Partial<Services> = {}) {
  const database = await testDatabase(label);
  const { db } = database;
  const probe = overrides.kafka
    ? undefined
    : createKafkaProbe({ clientId: `gig-${label}`, brokers: TEST_BROKERS });
  const services: Services = { ...testServices(db, overrides.kafka ?? probe!, opts), ...overrides };
  const app = createApp(services);
  const ids = opts.ids ?? { siming: SIMING.id, jinjiang: JINJIANG.id };
  const siming = await testMarket(db, { ...SIMING, id: ids.siming });
  const jinjiang = await testMarket(db, { ...JINJIANG, id: ids.jinjiang });

  const call = jsonCaller(app);

  return {
    ...database,
    app,
    services,
    /** The authorization headers of each market's first API key. */
    as: { siming, jinjiang },
    ids,
    call,
    get: (path: string, headers: Headers = siming) => call("GET", path, headers),
    post: (path: string, body: unknown, headers: Headers = siming) => call("POST", path, headers, body),
    patch: (path: string, body: unknown, headers: Headers = siming) => call("PATCH", path, headers, body),
    del: (path: string, headers: Headers = siming) => call("DELETE", path, headers),
    /**
     * Outbox rows of gig postings, oldest first: `payload` opened as the province opens it, `sealed`
     * as the row keeps it (sealed for the province).
     */
    async outbox() {
      const stored = await rows<{
        topic: string;
        message_key: string;
        headers: Record<string, string>;
        payload: string;
      }>(db, sql`select topic, message_key, headers, payload from pes_outbox order by id`);
      return stored.map((r) => ({ ...r, payload: openAsProvince(r.headers, r.payload), sealed: r.payload }));
    },
    async close() {
      await probe?.close();
      await database.close();
    },
  };
}
export type GigApp = Awaited<ReturnType<typeof testApp>>;

/** A valid posting of 思明 (厦门), to vary per test. */
export const posting = (over: Record<string, unknown> = {}) => ({
  employer: { name: "厦门鹭岛家政服务有限公司", creditCode: "91350200MA2Y0QXK5Q" },
  title: "家政保洁（日结）",
  occupationCode: "4-10-01-01",
  headcount: 3,
  pay: { amountFen: 20000, per: "day" },
  workFrom: "2025-07-01",
  workUntil: "2025-07-31",
  locationCode: "350203005",
  address: "思明区湖滨南路 100 号",
  contactPhone: "13812341234",
  ...over,
});
