import { createKafkaProbe } from "@pes/http";
import { jsonCaller } from "@pes/http/testing";
import { TEST_BROKERS } from "@pes/sync/testing";
import { createApp } from "../../src/app.js";
import type { App, Services } from "../../src/context.js";
import type { IngestExtension } from "../../src/use-cases/ingest/types.js";
import { TEST_CONFIG, TEST_TRUST } from "./config.js";
import { testDatabase } from "./database.js";
import { type Headers, type OperatorRole, operatorsOfEachRole, testOperator } from "./principals.js";

/** A Kafka probe that always answers: for apps whose tests never reach the broker (no /readyz). */
export const NO_BROKER: Services["kafka"] = { check: async () => {} };

export interface TestAppOptions {
  /** The ingest extensions of the database's ingest() (the hub's consumer runs them all). */
  extensions?: IngestExtension[];
  /** Whom post() and patch() send as unless told: the admin (default) or the operator. */
  writeAs?: "admin" | "operator";
}

/**
 * The hub's app (src/app.ts) on a fresh test database (./database.ts), with the test config, the
 * province's test keys (TEST_TRUST), a Kafka probe on the test broker and `overrides` (streams,
 * logger, a stub probe…), and an operator of each role holding a real token. Requests go through
 * app.request.
 */
export async function testApp(label: string, overrides: Partial<Services> = {}, opts: TestAppOptions = {}) {
  const database = await testDatabase(label, opts.extensions);
  const { db } = database;
  const probe = overrides.kafka
    ? undefined
    : createKafkaProbe({ clientId: `hub-${label}`, brokers: TEST_BROKERS });
  const services: Services = {
    config: TEST_CONFIG,
    db,
    trust: TEST_TRUST,
    ...overrides,
    kafka: overrides.kafka ?? probe!,
  };
  const app: App = createApp(services);
  const principals = await operatorsOfEachRole(db);
  /** The authorization headers of each role's operator. */
  const as = {
    viewer: principals.viewer.headers,
    operator: principals.operator.headers,
    admin: principals.admin.headers,
    gateway: principals.gateway.headers,
  } satisfies Record<OperatorRole, Headers>;
  const writer = as[opts.writeAs ?? "admin"];

  const call = jsonCaller(app);

  return {
    ...database,
    app,
    services,
    principals,
    as,
    /** The operator id of `as.gateway` (a gig-market deployment's machine account). */
    gatewayId: principals.gateway.id,
    /** Another operator with `role`, e.g. a second deployment's gateway. */
    operator: (role: OperatorRole) => testOperator(db, role),
    call,
    get: (path: string, headers: Headers = as.viewer) => call("GET", path, headers),
    post: (path: string, body: unknown, headers: Headers = writer) => call("POST", path, headers, body),
    patch: (path: string, body: unknown, headers: Headers = writer) => call("PATCH", path, headers, body),
    async close() {
      await probe?.close();
      await database.close();
    },
  };
}
export type TestHub = Awaited<ReturnType<typeof testApp>>;
