import { createKafkaProbe } from "@pes/http";
import type { DatabaseHandle } from "@pes/sync/db";
import { createTestDatabase, TEST_BROKERS } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { createApp } from "../../src/app.js";
import { openAppDatabase } from "../../src/db/index.js";
import { DEV_PERSON_KEY_SECRET, DEV_PII_KEY } from "../../src/env.js";
import { buildServices } from "../../src/services.js";
import { createMarket, type MarketInput } from "../../src/use-cases/markets/store.js";

// biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
type Json = any;
export type Headers = Record<string, string>;

export const SIMING: MarketInput = {
  id: "xm-siming-gig",
  name: "思明零工市场",
  cityCode: "350200",
  districtCode: "350203",
};
export const JINJIANG: MarketInput = {
  id: "qz-jinjiang-gig",
  name: "晋江零工市场",
  cityCode: "350500",
  districtCode: "350582",
};

export const bearer = (key: string): Headers => ({ authorization: `Bearer ${key}` });

/** Both drivers answer raw SQL differently: postgres.js with the rows, PGlite with { rows }. */
export async function rows<T = Record<string, unknown>>(db: DatabaseHandle, query: ReturnType<typeof sql>) {
  const result: unknown = await db.db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

/**
 * A gig market service on a fresh real database, with two markets (思明 in 厦门, 晋江 in 泉州) holding
 * real keys. The rate limit is high unless a test asks for a small one.
 */
export async function gigApp(
  label: string,
  opts: {
    rateLimitPerMinute?: number;
    /** Market ids of their own, for tests on the shared broker where the default ids' topics hold other runs' records. */
    ids?: { siming: string; jinjiang: string };
    production?: boolean;
    /** PES_WEBHOOK_ALLOW_HOSTS (outside production): the loopback receivers the webhook tests use. */
    webhookAllowHosts?: string[];
    /** PES_MAX_API_KEYS_PER_MARKET; default 10. */
    maxKeysPerMarket?: number;
  } = {},
) {
  const testDb = await createTestDatabase(label);
  const db = await openAppDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent" });
  const kafka = createKafkaProbe({ clientId: `gig-${label}`, brokers: TEST_BROKERS });
  const services = buildServices(
    {
      piiKey: DEV_PII_KEY,
      personKeySecret: DEV_PERSON_KEY_SECRET,
      rateLimitPerMinute: opts.rateLimitPerMinute ?? 1_000_000,
      nodeEnv: opts.production ? "production" : "test",
      webhooks: { allowHosts: opts.webhookAllowHosts ?? [] },
      ...(opts.maxKeysPerMarket ? { maxKeysPerMarket: opts.maxKeysPerMarket } : {}),
    },
    db,
    kafka,
  );
  const app = createApp(services);
  const ids = opts.ids ?? { siming: SIMING.id, jinjiang: JINJIANG.id };
  const siming = bearer((await createMarket(db.db, { ...SIMING, id: ids.siming }))!.key);
  const jinjiang = bearer((await createMarket(db.db, { ...JINJIANG, id: ids.jinjiang }))!.key);

  async function call(method: string, path: string, headers: Headers, body?: unknown) {
    const res = await app.request(path, {
      method,
      headers: { ...headers, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get("content-type"),
      headers: res.headers,
      text,
      body: (text ? JSON.parse(text) : {}) as Json,
    };
  }

  return {
    app,
    db,
    services,
    url: testDb.url,
    as: { siming, jinjiang },
    ids,
    call,
    get: (path: string, headers: Headers = siming) => call("GET", path, headers),
    post: (path: string, body: unknown, headers: Headers = siming) => call("POST", path, headers, body),
    patch: (path: string, body: unknown, headers: Headers = siming) => call("PATCH", path, headers, body),
    del: (path: string, headers: Headers = siming) => call("DELETE", path, headers),
    /** Outbox rows of gig postings, oldest first. */
    async outbox() {
      return rows<{ topic: string; message_key: string; headers: Record<string, string>; payload: string }>(
        db,
        sql`select topic, message_key, headers, payload from pes_outbox order by id`,
      );
    },
    async close() {
      await kafka.close();
      await db.close();
      await testDb.drop();
    },
  };
}
export type GigApp = Awaited<ReturnType<typeof gigApp>>;

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
