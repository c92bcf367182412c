import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rowsOf } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import { createTestDatabase, TEST_BROKERS } from "@pes/sync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKafkaProbe, type KafkaProbe } from "../kafka-probe.js";

/** What the suite calls on an app: Hono's app.request(path, init). */
export interface RequestableApp {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

export interface ServiceConformance {
  /** The name /healthz must report, e.g. "province-hub". */
  service: string;
  /** The app's openAppDatabase: opens and migrates a PostgreSQL URL, or the embedded PGlite in dataDir. */
  openDatabase(opts: { databaseUrl: string | undefined; dataDir: string }): Promise<DatabaseHandle>;
  /** The drizzle-kit folder openDatabase applies; its journal says how many migrations there are. */
  migrationsFolder: string;
  makeApp(services: { db: DatabaseHandle; kafka: KafkaProbe }): RequestableApp;
  /** Paths the OpenAPI document must list besides /readyz. */
  openapiPaths?: string[];
  /** Text the /docs page must show besides its HTML. */
  docsTitle?: string;
  /** The app's own checks, run against it on the embedded PGlite. */
  checkEmbedded?(app: RequestableApp, db: DatabaseHandle): Promise<void>;
}

async function query(db: DatabaseHandle, sql: string): Promise<unknown[]> {
  return rowsOf(await db.db.execute(sql));
}

/**
 * What every service must do, whatever its routes: migrate its database (PostgreSQL and PGlite),
 * answer health and readiness against the real database and broker, name a broker that is down,
 * and publish its OpenAPI document and reference page.
 */
export function describeServiceConformance(opts: ServiceConformance): void {
  describe(opts.service, () => {
    let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
    let db: DatabaseHandle;
    let kafka: KafkaProbe;
    let deadKafka: KafkaProbe;
    const app = () => opts.makeApp({ db, kafka });

    beforeAll(async () => {
      testDb = await createTestDatabase(opts.service);
      db = await opts.openDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent" });
      kafka = createKafkaProbe({ clientId: `${opts.service}-test`, brokers: TEST_BROKERS });
      deadKafka = createKafkaProbe({ clientId: `${opts.service}-test`, brokers: ["127.0.0.1:1"] });
    });

    afterAll(async () => {
      await kafka?.close();
      await deadKafka?.close();
      await db?.close();
      await testDb?.drop();
    });

    it("migrates the outbox and inbox into its database", async () => {
      const rows = await query(
        db,
        "select table_name as name from information_schema.tables where table_name in ('pes_outbox', 'pes_inbox') order by 1",
      );
      expect((rows as { name: string }[]).map((r) => r.name)).toEqual(["pes_inbox", "pes_outbox"]);
    });

    it("answers /healthz", async () => {
      const res = await app().request("/healthz");
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: "ok", service: opts.service });
    });

    it("is ready against the real database and broker", async () => {
      const res = await app().request("/readyz");
      const body = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(body).toMatchObject({
        status: "ready",
        checks: { database: { status: "ok" }, kafka: { status: "ok" } },
      });
    });

    it("is not ready, naming kafka, when nothing listens at KAFKA_BROKERS", async () => {
      const started = Date.now();
      const res = await opts.makeApp({ db, kafka: deadKafka }).request("/readyz");
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
      const doc = (await (await app().request("/openapi.json")).json()) as { openapi: string; paths: object };
      expect(doc.openapi).toBe("3.1.0");
      for (const path of ["/readyz", ...(opts.openapiPaths ?? [])]) expect(doc.paths).toHaveProperty(path);
      const docs = await app().request("/docs");
      expect(docs.headers.get("content-type")).toContain("text/html");
      const html = await docs.text();
      expect(html).toContain("<html");
      if (opts.docsTitle) expect(html).toContain(opts.docsTitle);
    });
  });

  // PGlite is PostgreSQL compiled to wasm: creating it and migrating twice is CPU-bound, and slow on
  // a machine busy with every package's tests at once.
  describe(`${opts.service} on the embedded PGlite`, { timeout: 90_000 }, () => {
    let dataDir: string;
    beforeAll(() => {
      dataDir = mkdtempSync(join(tmpdir(), `pes-${opts.service}-`));
    });
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it("migrates, serves /readyz, and reopens without migrating twice", async () => {
      const first = await opts.openDatabase({ databaseUrl: undefined, dataDir });
      expect(first.driver).toBe("pglite");
      const kafka = createKafkaProbe({ clientId: `${opts.service}-test`, brokers: TEST_BROKERS });
      try {
        const app = opts.makeApp({ db: first, kafka });
        expect((await app.request("/readyz")).status).toBe(200);
        await opts.checkEmbedded?.(app, first);
      } finally {
        await kafka.close();
        await first.close();
      }

      const again = await opts.openDatabase({ databaseUrl: undefined, dataDir });
      try {
        const journal = readFileSync(join(opts.migrationsFolder, "meta/_journal.json"), "utf8");
        const { entries } = JSON.parse(journal) as { entries: unknown[] };
        const rows = await query(again, "select count(*)::int as n from drizzle.__drizzle_migrations");
        expect(rows).toEqual([{ n: entries.length }]);
      } finally {
        await again.close();
      }
    });
  });
}
