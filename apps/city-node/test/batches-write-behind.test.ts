import { makeResidentId } from "@pes/schemas";
import { rowsOf } from "@pes/sync";
import { sql } from "drizzle-orm";
import { integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DeferredWriteFailed,
  deferredWriteFailure,
  WriteBehind,
} from "../src/use-cases/batches/write-behind.js";
import { bodies, type LedgerNode, ledgerNode, personBlock } from "./support/index.js";

// A batch chunk writes its items' ledger rows together, before its next statement (write-behind.ts):
// what follows must see exactly what immediate inserts would have left, and a row the database
// refuses must be answered on its own item, as if the items had been applied one by one.

const parents = pgTable("wb_parents", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
const children = pgTable("wb_children", {
  id: uuid("id").primaryKey().defaultRandom(),
  parentId: uuid("parent_id")
    .notNull()
    .references(() => parents.id),
  n: integer("n").notNull().unique(),
  revision: integer("revision").notNull().default(1),
  note: text("note"),
});

let node: LedgerNode;
beforeAll(async () => {
  node = await ledgerNode("writebehind");
  await node.db.db.execute(sql`create table wb_parents (id uuid primary key default gen_random_uuid(),
      name text not null, created_at timestamptz not null default now())`);
  await node.db.db.execute(sql`create table wb_children (id uuid primary key default gen_random_uuid(),
      parent_id uuid not null references wb_parents(id), n int not null unique,
      revision int not null default 1, note text)`);
});
afterAll(async () => node?.close());

const idOf = (n: number) => makeResidentId("350203", "1979-03-03", n * 2 + 1);

describe("rows written behind, within a chunk's transaction", () => {
  it("answers each row as RETURNING would, and every later statement reads them as written", async () => {
    await node.db.db
      .transaction(async (tx) => {
        const wb = new WriteBehind(tx);
        try {
          const p = wb.defer(parents, { name: "a" })!;
          const c = wb.defer(children, { parentId: p.id, n: 1 })!;
          expect(p.id).toMatch(/^[0-9a-f-]{36}$/);
          expect(p.createdAt).toBeInstanceOf(Date);
          expect(c).toMatchObject({ parentId: p.id, n: 1, revision: 1, note: null });
          // Nothing reached the database yet; the next statement writes the rows first, then runs.
          const [readBack] = await tx.select().from(children);
          expect(readBack).toEqual(c);
          expect((await tx.select().from(parents))[0]).toEqual(p);
        } finally {
          wb.close();
        }
        throw new RollBack();
      })
      .catch(expectRollBack);
  });

  it("writes a table's rows after those of the table they reference, whatever the order they came in", async () => {
    await node.db.db
      .transaction(async (tx) => {
        const [old] = await tx.insert(parents).values({ name: "old" }).returning();
        const wb = new WriteBehind(tx);
        try {
          wb.defer(children, { parentId: old!.id, n: 10 });
          const fresh = wb.defer(parents, { name: "fresh" })!;
          wb.defer(children, { parentId: fresh.id, n: 11, note: "x" });
          await wb.flush();
          const rows = rowsOf<{ n: number; name: string }>(
            await tx.execute(
              sql`select c.n, p.name from wb_children c join wb_parents p on p.id = c.parent_id order by c.n`,
            ),
          );
          expect(rows).toEqual([
            { n: 10, name: "old" },
            { n: 11, name: "fresh" },
          ]);
        } finally {
          wb.close();
        }
        throw new RollBack();
      })
      .catch(expectRollBack);
  });

  it("waits for the pending rows before a savepoint, and passes statements through once closed", async () => {
    await node.db.db
      .transaction(async (tx) => {
        const wb = new WriteBehind(tx);
        const p = wb.defer(parents, { name: "before the savepoint" })!;
        await tx.transaction(async (sp) => {
          expect((await sp.select().from(parents)).map((r) => r.id)).toEqual([p.id]);
        });
        wb.close();
        expect(wb.defer(parents, { name: "pending" })).toBeDefined();
        // Closed: the statement runs at once and does not write what is pending.
        expect(await tx.select().from(parents)).toHaveLength(1);
        throw new RollBack();
      })
      .catch(expectRollBack);
  });

  it("reports a row the database refuses as DeferredWriteFailed at the next statement", async () => {
    const failed = await node.db.db
      .transaction(async (tx) => {
        const wb = new WriteBehind(tx);
        try {
          const p = wb.defer(parents, { name: "p" })!;
          wb.defer(children, { parentId: p.id, n: 20 });
          wb.defer(children, { parentId: p.id, n: 20 });
          await tx.select().from(parents);
        } finally {
          wb.close();
        }
      })
      .catch((e: unknown) => e);
    const deferred = deferredWriteFailure(failed);
    expect(deferred).toBeInstanceOf(DeferredWriteFailed);
    expect(String(deferred!.cause)).toMatch(/unique|duplicate/i);
    expect(await node.count("wb_parents")).toBe(0);
  });
});

describe("a batch whose row the database refuses when written with its chunk", () => {
  it("answers that item refused and the others created, as one by one", async () => {
    // A check no rule of the node makes: the database alone refuses this service at write time.
    await node.db.db.execute(
      sql.raw(`create function wb_refuse() returns trigger language plpgsql as $$
      begin raise exception 'refused by the test''s trigger'; end $$`),
    );
    await node.db.db.execute(
      sql.raw(`create trigger wb_refuse before insert on service_records for each row
      when (new.served_at = '2025-03-03T03:03:03Z') execute function wb_refuse()`),
    );
    const before = await node.count("service_records");
    const items = [0, 1, 2, 3].map((i) => ({
      kind: "service-record",
      record: bodies.service(
        personBlock(idOf(i)),
        "career-guidance",
        i === 2 ? "2025-03-03T03:03:03Z" : "2025-10-15T10:00:00+08:00",
      ),
    }));
    const res = await node.app.request("/v1/batches", {
      method: "POST",
      headers: { ...node.staff.simingClerk.headers, "content-type": "application/json" },
      body: JSON.stringify(items),
    });
    const body = (await res.json()) as { items: { status: string }[] };
    expect(body.items.map((i) => i.status)).toEqual(["created", "created", "refused", "created"]);
    expect(await node.count("service_records")).toBe(before + 3);
    expect(await node.count("persons")).toBeGreaterThanOrEqual(3);
  });
});

class RollBack extends Error {}
function expectRollBack(e: unknown) {
  if (!(e instanceof RollBack)) throw e;
}
