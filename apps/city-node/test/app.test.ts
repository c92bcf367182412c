import { createKafkaProbe, type KafkaProbe } from "@pes/http";
import type { DatabaseHandle } from "@pes/sync/db";
import { createTestDatabase, TEST_BROKERS } from "@pes/sync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { openAppDatabase } from "../src/db/index.js";
import { staffWithToken, testServices } from "./support/services.js";

const config = { cityCode: "350200", cityName: "厦门" } as const;
let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let db: DatabaseHandle;
let kafka: KafkaProbe;
let deadKafka: KafkaProbe;

beforeAll(async () => {
  testDb = await createTestDatabase("city");
  db = await openAppDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent", cityCode: "350200" });
  kafka = createKafkaProbe({ clientId: "city-test", brokers: TEST_BROKERS });
  deadKafka = createKafkaProbe({ clientId: "city-test", brokers: ["127.0.0.1:1"] });
});

afterAll(async () => {
  await kafka?.close();
  await deadKafka?.close();
  await db?.close();
  await testDb?.drop();
});

describe("city-node", () => {
  it("answers /healthz", async () => {
    const res = await createApp(testServices(config, db, kafka)).request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", service: "city-node" });
  });

  it("is ready against the real database and broker", async () => {
    const res = await createApp(testServices(config, db, kafka)).request("/readyz");
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ checks: { database: { status: "ok" }, kafka: { status: "ok" } } });
  });

  it("is not ready, naming kafka, when nothing listens at KAFKA_BROKERS", async () => {
    const res = await createApp(testServices(config, db, deadKafka)).request("/readyz");
    expect(res.status).toBe(503);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toEqual(["kafka"]);
  });

  it("says which city it serves, to an authenticated caller only", async () => {
    const app = createApp(testServices(config, db, kafka));
    expect((await app.request("/v1/node")).status).toBe(401);
    const clerk = await staffWithToken(db, "clerk", "350203");
    const res = await app.request("/v1/node", { headers: clerk.headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ cityCode: "350200", cityName: "厦门" });
  });

  it("refuses a database that belongs to another city, and accepts its own again", async () => {
    await expect(
      openAppDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent", cityCode: "350100" }),
    ).rejects.toThrow(/belongs to the city node of 350200, but CITY_CODE is 350100/);
    const again = await openAppDatabase({
      databaseUrl: testDb.url,
      dataDir: "/nonexistent",
      cityCode: "350200",
    });
    await again.close();
  });

  it("publishes its OpenAPI 3.1 document and the reference page", async () => {
    const app = createApp(testServices(config, db, kafka));
    const doc = (await (await app.request("/openapi.json")).json()) as { openapi: string; paths: object };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths).toHaveProperty("/v1/node");
    const docs = await app.request("/docs");
    expect(docs.headers.get("content-type")).toContain("text/html");
    expect(await docs.text()).toContain("City node 厦门 350200");
  });
});
