import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../src/db/index.js";
import { rowsOf } from "../src/db/rows.js";
import { createTestDatabase } from "../src/testing/index.js";

// A transaction whose connection dies (PostgreSQL restarted, its backend terminated) under postgres.js
// 3.4.9 as patched in patches/postgres@3.4.9.patch. Unpatched, the first case crashed the process
// (an uncaught TypeError from a write to the closed socket) and the second committed the dead
// transaction's late statements inside another transaction (porsager/postgres#1208, #1216).
describe("a transaction whose database connection dies", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let handle: DatabaseHandle;
  let killer: postgres.Sql;

  beforeAll(async () => {
    database = await createTestDatabase("connloss");
    // One connection: whatever the dead transaction sends later could only go to the next session.
    handle = await openDatabase({ url: database.url, poolSize: 1 });
    killer = postgres(database.url, { max: 1, onnotice: () => {} });
    await killer`create table probe (v text)`;
  });
  afterAll(async () => {
    await handle?.close();
    await killer?.end();
    await database?.drop();
  });

  const backendPid = async (tx: DatabaseHandle["db"]) =>
    rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`))[0]!.pid;
  const terminate = (pid: number) => killer`select pg_terminate_backend(${pid})`;
  const rows = async () => (await killer<{ v: string }[]>`select v from probe order by v`).map((r) => r.v);

  it("killed under a statement: the transaction fails, the process lives, the next statements run", async () => {
    let pid: number | undefined;
    const tx = handle.db.transaction(async (tx) => {
      pid = await backendPid(tx);
      await tx.execute(sql`select pg_sleep(5)`);
    });
    while (pid === undefined) await new Promise((r) => setTimeout(r, 20));
    await terminate(pid);
    await expect(tx).rejects.toThrow();
    // Not the old session's error: the new one's first statement succeeds.
    expect(rowsOf(await handle.db.execute(sql`select 1 as one`))).toEqual([{ one: 1 }]);
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`insert into probe values ('after')`);
    });
    expect(await rows()).toEqual(["after"]);
  });

  it("killed while it awaits something else: nothing it sends afterwards runs, in no other transaction", async () => {
    await killer`truncate probe`;
    let pid: number | undefined;
    let goOn!: () => void;
    const later = new Promise<void>((r) => (goOn = r));
    const dead = handle.db.transaction(async (tx) => {
      pid = await backendPid(tx);
      await later; // e.g. a Kafka send inside the transaction
      await tx.execute(sql`insert into probe values ('late')`);
    });
    while (pid === undefined) await new Promise((r) => setTimeout(r, 20));
    await terminate(pid);
    await expect(dead).rejects.toThrow();
    // The next transaction has the connection's new session; the dead one's callback goes on meanwhile.
    const other = handle.db.transaction(async (tx) => {
      await tx.execute(sql`insert into probe values ('rolled back')`);
      goOn();
      await new Promise((r) => setTimeout(r, 200));
      throw new Error("rolls back");
    });
    await expect(other).rejects.toThrow("rolls back");
    expect(await rows()).toEqual([]);
  });
});
