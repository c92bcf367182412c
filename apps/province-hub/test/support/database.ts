import { type IncomingEvent, rowsOf } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import { createTestDatabase } from "@pes/sync/testing";
import { type SQL, sql } from "drizzle-orm";
import { openAppDatabase } from "../../src/db/index.js";
import { ingestBatchHandler, ingestHandler } from "../../src/use-cases/ingest/handler.js";
import type { IngestExtension } from "../../src/use-cases/ingest/types.js";
import { cipher, SECRET, TEST_TRUST } from "./config.js";
import { outboxed } from "./outbox.js";

/** Opens (and migrates) the hub database at `url`, as the hub does at start. */
export const openTestDatabase = (url: string): Promise<DatabaseHandle> =>
  openAppDatabase({ databaseUrl: url, dataDir: "/nonexistent" });

/**
 * A fresh hub database on the test PostgreSQL, migrated; close() drops it. Events are applied as the
 * hub's consumer applies them, with the given ingest extensions, sealing what they write to the outbox
 * with the province's test keys.
 */
export async function testDatabase(label: string, extensions: IngestExtension[] = []) {
  const testDb = await createTestDatabase(label);
  const db = await openTestDatabase(testDb.url);
  const opts = { personKeySecret: SECRET, cipher, sealer: TEST_TRUST.sealer, extensions };
  const handle = ingestHandler(opts);
  const handleBatch = ingestBatchHandler(opts);
  return {
    db,
    url: testDb.url,
    /** Applies one event as the consumer would: decoded at the boundary, in a transaction. */
    ingest: (event: IncomingEvent) => db.db.transaction((tx) => handle(tx, event)),
    /** Applies a chunk as the live consumer does: one transaction, a statement per step. */
    ingestChunk: (events: IncomingEvent[]) => db.db.transaction((tx) => handleBatch(tx, events)),
    /** Rows of a query: raw SQL text or a drizzle sql`` template. */
    async query<T>(query: string | SQL): Promise<T[]> {
      return rowsOf<T>(await db.db.execute(typeof query === "string" ? sql.raw(query) : query));
    },
    /** The records the hub wrote to its outbox, oldest first, opened; `where` on its clear columns. */
    outbox: (where?: SQL) => outboxed(db.db, where),
    async close() {
      await db.close();
      await testDb.drop();
    },
  };
}
export type TestDatabase = Awaited<ReturnType<typeof testDatabase>>;
