import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DatabaseHandle,
  isSealed,
  openDatabase,
  openRecord,
  PiiCipher,
  rowsOf,
  sealKeptRecords,
} from "../src/index.js";
import { createTestDatabase } from "../src/testing/index.js";

const cipher = new PiiCipher(randomBytes(32).toString("base64"));
let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let handle: DatabaseHandle;

beforeAll(async () => {
  testDb = await createTestDatabase("sealkept");
  handle = await openDatabase({ url: testDb.url });
  await handle.db.execute(
    sql`create table kept (id uuid primary key, type text not null, data jsonb not null)`,
  );
});
afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});

const rows = async () =>
  rowsOf<{ id: string; type: string; data: Record<string, unknown> }>(
    await handle.db.execute(sql`select id::text, type, data from kept order by id`),
  );

describe("sealKeptRecords: the one-off for rows stored in clear before issue 15 #2", () => {
  it("seals every row's personal fields in batches, once, and leaves other types and fields alone", async () => {
    const clear = [
      ...Array.from({ length: 7 }, (_, i) => ({
        type: "job-seeker-registration",
        data: { state: "active", contactMobile: `1395555${String(i).padStart(4, "0")}` },
      })),
      {
        type: "vacancy-registration",
        data: { employer: { name: "某公司", contactName: "王经理", contactPhone: "0592-5551234" } },
      },
      { type: "service-record", data: { serviceType: "career-guidance" } },
    ];
    for (const r of clear)
      await handle.db.execute(
        sql`insert into kept values (${randomUUID()}, ${r.type}, ${JSON.stringify(r.data)}::jsonb)`,
      );
    const target = { table: "kept", key: "id", column: "data", type: { column: "type" } } as const;
    expect(await sealKeptRecords(handle.db, cipher, target, 3)).toBe(8);
    const after = await rows();
    expect(JSON.stringify(after)).not.toMatch(/1395555|王经理|0592-5551234/);
    const opened = after.map((r) => ({ type: r.type, data: openRecord(cipher, r.type, r.data) }));
    expect(opened).toHaveLength(clear.length);
    expect(opened).toEqual(expect.arrayContaining(clear));
    const vacancy = after.find((r) => r.type === "vacancy-registration")!;
    expect(isSealed((vacancy.data.employer as Record<string, unknown>).contactPhone)).toBe(true);
    // Run again: nothing left to seal, nothing changed.
    expect(await sealKeptRecords(handle.db, cipher, target, 3)).toBe(0);
    expect(await rows()).toEqual(after);
  });
});
