import { createKafkaProbe, type KafkaProbe, type Logger } from "@pes/http";
import { makeResidentId } from "@pes/schemas";
import type { DatabaseHandle } from "@pes/sync/db";
import { createTestDatabase, TEST_BROKERS } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { createApp } from "../../src/app.js";
import type { App } from "../../src/context.js";
import { openAppDatabase } from "../../src/db/index.js";
import { staffWithToken, testServices } from "./services.js";

export const XIAMEN = { cityCode: "350200", cityName: "厦门" } as const;
export const SIMING_COMMUNITY = "350203001001";
export const HULI_STREET = "350206001";

/** A Xiamen node on a fresh real database, with a clerk of 思明, a clerk of 湖里, a supervisor and a city admin. */
export async function deskNode(label: string, logger?: Logger, clock?: () => Date) {
  const testDb = await createTestDatabase(label);
  const db: DatabaseHandle = await openAppDatabase({
    databaseUrl: testDb.url,
    dataDir: "/nonexistent",
    cityCode: XIAMEN.cityCode,
  });
  const kafka: KafkaProbe = createKafkaProbe({ clientId: `city-${label}`, brokers: TEST_BROKERS });
  const app: App = createApp({
    ...testServices(XIAMEN, db, kafka),
    ...(logger ? { logger } : {}),
    ...(clock ? { clock } : {}),
  });
  const staff = {
    simingClerk: await staffWithToken(db, "clerk", "350203"),
    huliClerk: await staffWithToken(db, "clerk", "350206"),
    simingSupervisor: await staffWithToken(db, "supervisor", "350203"),
    admin: await staffWithToken(db, "city-admin", XIAMEN.cityCode),
  };
  return {
    db,
    app,
    staff,
    async post(path: string, body: unknown, who: { headers: Record<string, string> } = staff.simingClerk) {
      const res = await app.request(path, {
        method: "POST",
        headers: { ...who.headers, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return {
        status: res.status,
        body: (await res.json()) as Record<string, unknown> & {
          errors?: { path: string; message: string }[];
        },
      };
    },
    async get(path: string, who: { headers: Record<string, string> } = staff.simingClerk) {
      const res = await app.request(path, { headers: who.headers });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async count(table: string): Promise<number> {
      const result = await db.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
      return (Array.isArray(result) ? result : (result as { rows: { n: number }[] }).rows)[0].n;
    },
    async close() {
      await kafka.close();
      await db.close();
      await testDb.drop();
    },
  };
}

let seq = 100;
/** A valid, unique ID number of a person born on `birth` (sex by the sequence's parity: odd male). */
export function idNumber(birth = "1990-03-07", male = true): string {
  seq += 2;
  return makeResidentId("350203", birth, (male ? seq + 1 : seq) % 1000);
}

export function application(id = idNumber(), overrides: Record<string, unknown> = {}) {
  return {
    person: { idNumber: id, name: "陈明", phone: "13800001234", divisionCode: SIMING_COMMUNITY },
    ableToWork: true,
    wantsWork: true,
    currentlyEmployed: false,
    placeBasis: "residence",
    servicePointId: "sp-siming-01",
    appliedOn: "2025-09-26",
    ...overrides,
  };
}
