import { and, eq, getTableColumns, sql } from "drizzle-orm";
import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../src/db/index.js";
import { newestFirst } from "../src/db/keyset.js";
import { rowsOf } from "../src/db/rows.js";
import { createTestDatabase } from "../src/testing/index.js";

// PostgreSQL's default precision, microseconds, unlike the millisecond columns of some services.
const things = pgTable("things", {
  id: uuid("id").primaryKey(),
  kind: text("kind").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
});

let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let handle: DatabaseHandle;
let expected: string[];
beforeAll(async () => {
  testDb = await createTestDatabase("keyset");
  handle = await openDatabase({ url: testDb.url });
  const { db } = handle;
  await db.execute(
    sql`create table things (id uuid primary key, kind text not null, created_at timestamptz not null)`,
  );
  // Ten rows within one millisecond, in pairs at the very same instant (as one statement's now()
  // stamps them) 200 µs apart, and a row in the millisecond before and one in the next.
  await db.execute(sql`insert into things
    select gen_random_uuid(), case when i % 2 = 0 then 'even' else 'odd' end,
      '2025-05-05 10:00:00.123000+08'::timestamptz + (i / 2 * 200) * interval '1 microsecond' from generate_series(0, 9) i
    union all select gen_random_uuid(), 'odd', '2025-05-05 10:00:00.122999+08'
    union all select gen_random_uuid(), 'even', '2025-05-05 10:00:00.124+08'`);
  expected = rowsOf<{ id: string }>(
    await db.execute(sql`select id from things order by created_at desc, id desc`),
  ).map((r) => r.id);
});
afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});

async function page(limit: number, after?: { at: string; id: string }, kind?: string) {
  const keys = newestFirst(things.createdAt, things.id);
  return handle.db
    .select({ ...getTableColumns(things), cursorAt: keys.at })
    .from(things)
    .where(and(kind ? eq(things.kind, kind) : undefined, keys.after(after)))
    .orderBy(...keys.orderBy)
    .limit(limit);
}

async function everyPage(limit: number, kind?: string) {
  const seen: string[] = [];
  let after: { at: string; id: string } | undefined;
  for (let pages = 0; pages < 20; pages++) {
    const rows = await page(limit, after, kind);
    seen.push(...rows.map((r) => r.id));
    const last = rows.at(-1);
    if (rows.length < limit || !last) break;
    after = { at: last.cursorAt, id: last.id };
  }
  return seen;
}

describe("keyset paging newest first by (time, id)", () => {
  it("gives a row's time to the microsecond, in UTC", async () => {
    const rows = await handle.db
      .select({ at: newestFirst(things.createdAt, things.id).at })
      .from(things)
      .orderBy(things.createdAt)
      .limit(2);
    expect(rows.map((r) => r.at)).toEqual(["2025-05-05T02:00:00.122999Z", "2025-05-05T02:00:00.123000Z"]);
  });

  it.each([1, 2, 3, 5])(
    "pages rows within one millisecond %i at a time, each once, in order",
    async (limit) => {
      expect(await everyPage(limit)).toEqual(expected);
    },
  );

  it("pages with the list's own filter too", async () => {
    const evens = rowsOf<{ id: string }>(
      await handle.db.execute(
        sql`select id from things where kind = 'even' order by created_at desc, id desc`,
      ),
    ).map((r) => r.id);
    expect(await everyPage(2, "even")).toEqual(evens);
  });

  it("would skip rows with a cursor cut to the millisecond, as a Date is", async () => {
    // Why the cursor carries the database's text: the Date drizzle reads has lost the microseconds.
    const [first] = await page(1, undefined);
    const [second] = await page(1, { at: "2025-05-05T02:00:00.124Z", id: first!.id });
    const cut = new Date(second!.cursorAt).toISOString();
    expect(cut).toBe("2025-05-05T02:00:00.123Z");
    expect((await page(100, { at: cut, id: second!.id })).length).toBeLessThan(expected.length - 2);
    expect(await page(100, { at: second!.cursorAt, id: second!.id })).toHaveLength(expected.length - 2);
  });
});
