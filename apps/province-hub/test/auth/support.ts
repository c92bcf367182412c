import { createKafkaProbe } from "@pes/http";
import type { DatabaseHandle } from "@pes/sync/db";
import { createTestDatabase, TEST_BROKERS } from "@pes/sync/testing";
import { createApp } from "../../src/app.js";
import type { App, Services } from "../../src/context.js";
import { openAppDatabase } from "../../src/db/index.js";
import { operatorHeaders } from "../support/operators.js";

// biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
type Json = any;

/** A hub on a fresh real database, with a viewer, an operator and an admin holding real tokens. */
export async function hubApp(label: string, streams?: Services["streams"]) {
  const testDb = await createTestDatabase(label);
  const db: DatabaseHandle = await openAppDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent" });
  const kafka = createKafkaProbe({ clientId: `hub-${label}`, brokers: TEST_BROKERS });
  const app: App = createApp({
    config: {
      personKeySecret: "test-person-key-secret-0123456789",
      piiKey: Buffer.alloc(32, 1).toString("base64"),
    },
    db,
    kafka,
    ...(streams ? { streams } : {}),
  });
  const as = {
    viewer: await operatorHeaders(db, "viewer"),
    operator: await operatorHeaders(db, "operator"),
    admin: await operatorHeaders(db, "admin"),
  };
  async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
    const res = await app.request(path, {
      method,
      headers: { ...headers, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get("content-type"),
      body: (text ? JSON.parse(text) : {}) as Json,
    };
  }
  return {
    app,
    db,
    url: testDb.url,
    as,
    get: (path: string, headers: Record<string, string> = as.viewer) => call("GET", path, headers),
    post: (path: string, body: unknown, headers: Record<string, string> = as.admin) =>
      call("POST", path, headers, body),
    call,
    async close() {
      await kafka.close();
      await db.close();
      await testDb.drop();
    },
  };
}
