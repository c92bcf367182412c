import { randomUUID } from "node:crypto";
import type { Database } from "@pes/sync/db";
import { getTableColumns, getTableName, is, SQL } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";

/** What PostgreSQL takes in one statement (65,535 parameters), with room to spare. */
const MAX_PARAMETERS = 60_000;

/** A deferred insert failed when the chunk wrote it: which item's row it was is not known. */
export class DeferredWriteFailed extends Error {
  constructor(override readonly cause: unknown) {
    super(
      "a ledger row written with its chunk was refused by the database; the chunk runs again, item by item",
    );
  }
}

/** What of a postgres.js transaction's client drizzle uses. */
interface DriverClient {
  unsafe(
    query: string,
    params?: unknown[],
    options?: object,
  ): PromiseLike<unknown> & { values(): Promise<unknown> };
  savepoint(...args: unknown[]): Promise<unknown>;
}

/** The DeferredWriteFailed an error is or wraps (drizzle wraps what a statement's driver call throws). */
export function deferredWriteFailure(e: unknown): DeferredWriteFailed | undefined {
  for (let at = e, depth = 0; at instanceof Error && depth < 5; at = at.cause, depth++)
    if (at instanceof DeferredWriteFailed) return at;
  return undefined;
}

interface Pending {
  table: PgTable;
  values: Record<string, unknown>;
}

/**
 * The ledger rows a batch chunk's items insert, written together: one multi-row INSERT per table
 * just before the chunk's next statement of any kind, so every read and write after an item sees
 * its rows exactly as if they had been inserted at once (the same transaction, the same order of
 * effects). An item's insert answers at once with the row `RETURNING` would give: every column the
 * insert leaves out is filled in here from the table's defaults, and written explicitly.
 *
 * Works on the postgres.js driver only (it wraps the transaction's client so that each statement
 * first writes what is pending); on another driver `defer` answers undefined and the item inserts
 * at once, as outside a batch.
 */
export class WriteBehind {
  private pending: Pending[] = [];
  private writing: Promise<void> = Promise.resolve();
  /** The transaction's own client, which the pending rows are written through. */
  private readonly raw?: DriverClient;
  private readonly restore?: () => void;

  constructor(private readonly tx: Database) {
    // drizzle's postgres-js transaction runs every statement through `session.client` (unsafe, savepoint).
    const session = (tx as unknown as { session?: { client?: DriverClient } }).session;
    const client = session?.client;
    if (!session || typeof client?.unsafe !== "function" || typeof client.savepoint !== "function") return;
    this.raw = client;
    session.client = this.flushingFirst(client);
    this.restore = () => {
      session.client = client;
    };
  }

  /** The row inserted, as RETURNING gives it, written later; undefined when it cannot wait (insert it now). */
  defer<T extends PgTable>(table: T, values: T["$inferInsert"]): T["$inferSelect"] | undefined {
    if (!this.raw) return undefined;
    const row: Record<string, unknown> = { ...(values as Record<string, unknown>) };
    for (const [key, column] of Object.entries(getTableColumns(table))) {
      if (row[key] !== undefined) continue;
      if (column.defaultFn) row[key] = column.defaultFn();
      else if (!column.hasDefault) row[key] = null;
      else if (!is(column.default, SQL)) row[key] = column.default;
      // defaultNow() and defaultRandom(), the only SQL defaults a ledger row has, computed here.
      else if (column.columnType === "PgTimestamp") row[key] = new Date();
      else if (column.columnType === "PgUUID") row[key] = randomUUID();
      else return undefined;
    }
    this.pending.push({ table, values: row });
    return row as T["$inferSelect"];
  }

  /** Writes what is pending (in order: a table's rows after those of the tables it references). */
  flush(): Promise<void> {
    if (this.pending.length > 0) {
      const rows = this.pending;
      this.pending = [];
      this.writing = this.writing.then(() => this.write(rows));
    }
    return this.writing;
  }

  /** The transaction's client as it was. */
  close(): void {
    this.restore?.();
  }

  private async write(rows: readonly Pending[]): Promise<void> {
    const byTable = new Map<PgTable, Record<string, unknown>[]>();
    for (const r of rows) {
      const list = byTable.get(r.table);
      if (list) list.push(r.values);
      else byTable.set(r.table, [r.values]);
    }
    try {
      for (const table of referencedFirst([...byTable.keys()])) {
        const values = byTable.get(table)!;
        const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(values[0]!).length));
        for (let i = 0; i < values.length; i += perStatement) {
          // Built by drizzle as any insert, sent past the waiting wrapper (it waits for this very write).
          const query = this.tx
            .insert(table)
            .values(values.slice(i, i + perStatement))
            .toSQL();
          await this.raw!.unsafe(query.sql, query.params);
        }
      }
    } catch (e) {
      throw new DeferredWriteFailed(e);
    }
  }

  /** The client with every statement and savepoint waiting for what is pending to be written first. */
  private flushingFirst(client: DriverClient): DriverClient {
    const flush = () => this.flush();
    return new Proxy(client, {
      get(target, prop, receiver) {
        if (prop === "unsafe")
          return (query: string, params?: unknown[], options?: object) => {
            // drizzle awaits the query itself or its .values(): both wait for the flush, then run it.
            const run = () => target.unsafe(query, params, options);
            return {
              values: () => flush().then(() => run().values()),
              // biome-ignore lint/suspicious/noThenProperty: a query is awaited as postgres.js's is
              then: (ok: (v: unknown) => unknown, ko: (e: unknown) => unknown) =>
                flush()
                  .then(() => run())
                  .then(ok, ko),
            };
          };
        if (prop === "savepoint")
          return (...args: unknown[]) => flush().then(() => target.savepoint(...args));
        return Reflect.get(target, prop, receiver);
      },
    });
  }
}

/** Tables ordered so that one another references is written before it (a rating after its service). */
function referencedFirst(tables: readonly PgTable[]): PgTable[] {
  const names = new Map(tables.map((t) => [getTableName(t), t]));
  const done = new Set<PgTable>();
  const ordered: PgTable[] = [];
  const visit = (t: PgTable, path: Set<PgTable>) => {
    if (done.has(t) || path.has(t)) return;
    path.add(t);
    for (const fk of getTableConfig(t).foreignKeys) {
      const target = names.get(getTableName(fk.reference().foreignTable));
      if (target && target !== t) visit(target, path);
    }
    done.add(t);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}
