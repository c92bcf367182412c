import { createKafkaProbe, type KafkaProbe } from "@pes/http";
import type { DatabaseHandle } from "@pes/sync/db";
import { createTestDatabase, TEST_BROKERS } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { openAppDatabase } from "../src/db/index.js";

let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let db: DatabaseHandle;
let kafka: KafkaProbe;
let deadKafka: KafkaProbe;

beforeAll(async () => {
  testDb = await createTestDatabase("hub");
  db = await openAppDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent" });
  kafka = createKafkaProbe({ clientId: "hub-test", brokers: TEST_BROKERS });
  deadKafka = createKafkaProbe({ clientId: "hub-test", brokers: ["127.0.0.1:1"] });
});

afterAll(async () => {
  await kafka?.close();
  await deadKafka?.close();
  await db?.close();
  await testDb?.drop();
});

describe("province-hub", () => {
  it("migrates the outbox and inbox into its database", async () => {
    const rows = (await db.db.execute(
      sql`select table_name as name from information_schema.tables where table_name in ('pes_outbox', 'pes_inbox') order by 1`,
    )) as unknown as { name: string }[];
    expect(rows.map((r) => r.name)).toEqual(["pes_inbox", "pes_outbox"]);
  });

  it("answers /healthz", async () => {
    const res = await createApp({ db, kafka }).request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", service: "province-hub" });
  });

  it("is ready against the real database and broker", async () => {
    const res = await createApp({ db, kafka }).request("/readyz");
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({
      status: "ready",
      checks: { database: { status: "ok" }, kafka: { status: "ok" } },
    });
  });

  it("is not ready, naming kafka, when nothing listens at KAFKA_BROKERS", async () => {
    const started = Date.now();
    const res = await createApp({ db, kafka: deadKafka }).request("/readyz");
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = (await res.json()) as {
      errors: { path: string }[];
      checks: Record<string, { status: string }>;
    };
    expect(body.errors.map((e) => e.path)).toEqual(["kafka"]);
    expect(body.checks.database?.status).toBe("ok");
  });

  it("publishes its OpenAPI 3.1 document and the reference page", async () => {
    const app = createApp({ db, kafka });
    const doc = (await (await app.request("/openapi.json")).json()) as { openapi: string; paths: object };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths).toHaveProperty("/readyz");
    const docs = await app.request("/docs");
    expect(docs.headers.get("content-type")).toContain("text/html");
    expect(await docs.text()).toContain("<html");
  });
});
