import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

/** A drizzle database over either driver; services and packages/sync only use what both offer. */
// biome-ignore lint/suspicious/noExplicitAny: the schema type parameter differs per service
export type Database = PgDatabase<PgQueryResultHKT, any>;

export type DatabaseHandle =
  | { driver: "postgres"; db: Database; client: postgres.Sql; close(): Promise<void>; ping(): Promise<void> }
  | { driver: "pglite"; db: Database; client: PGlite; close(): Promise<void>; ping(): Promise<void> };

export interface OpenDatabaseOptions {
  /** postgres://… ; unset → embedded PGlite in dataDir, so a newcomer needs nothing installed. */
  url?: string | undefined;
  dataDir?: string;
  poolSize?: number;
  // biome-ignore lint/suspicious/noExplicitAny: drizzle schema objects
  schema?: Record<string, any>;
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const schema = opts.schema ?? {};
  if (opts.url) {
    const client = postgres(opts.url, {
      max: opts.poolSize ?? 10,
      onnotice: () => {},
      // Plan each statement with its values: the batch statements take arrays of varying length, and
      // a generic plan made while a table was nearly empty keeps scanning it whole once it is large.
      connection: { application_name: "pes", plan_cache_mode: "force_custom_plan" },
    });
    const db = drizzlePostgres(preparing(client), { schema }) as unknown as Database;
    return {
      driver: "postgres",
      db,
      client,
      close: () => client.end({ timeout: 5 }),
      ping: async () => void (await client`select 1`),
    };
  }
  if (!opts.dataDir)
    throw new Error("DATABASE_URL is unset and no dataDir was given for the embedded database");
  mkdirSync(opts.dataDir, { recursive: true });
  const client = await PGlite.create(opts.dataDir);
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    driver: "pglite",
    db,
    client,
    close: () => client.close(),
    ping: async () => void (await db.execute(sql`select 1`)),
  };
}

/**
 * drizzle sends its statements unprepared, and postgres.js sends an unprepared statement that has
 * parameters in two round trips (Parse and Describe, then, once the parameter types are back, Bind
 * and Execute). Prepared, a statement costs one round trip after its first use on a connection.
 * Statements with few parameters are the repeating ones (a lookup, a single-row insert), and are
 * prepared; long parameter lists come from lists of varying length (IN lists, multi-row inserts),
 * whose every length would be a statement of its own, and stay unprepared. A connection's
 * statements go with it (postgres.js renews connections every 30–60 minutes).
 */
const PREPARE_UP_TO_PARAMETERS = 64;

function preparing(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe")
        return (query: string, params?: unknown[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, params as never, {
            ...options,
            prepare: (params?.length ?? 0) <= PREPARE_UP_TO_PARAMETERS,
          });
      // A transaction's (and a savepoint's) own client prepares the same way.
      if (prop === "begin" || prop === "savepoint")
        return (...args: unknown[]) => {
          const fn = args.pop() as (sql: postgres.Sql) => unknown;
          const open = (target as unknown as Record<string, (...a: unknown[]) => unknown>)[prop]!;
          return open.call(target, ...args, (inner: postgres.Sql) => fn(preparing(inner)));
        };
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** Applies the drizzle-kit migrations in `folder`; the same files serve PostgreSQL and PGlite. */
export async function migrateDatabase(handle: DatabaseHandle, folder: string): Promise<void> {
  // biome-ignore lint/suspicious/noExplicitAny: each migrator wants its own driver's db type
  const db = handle.db as any;
  if (handle.driver === "postgres") await migratePostgres(db, { migrationsFolder: folder });
  else await migratePglite(db, { migrationsFolder: folder });
}

/**
 * A service's database at start-up: opened, migrated, then `prepare`d (e.g. claimed for a city);
 * closed again if any step fails, so a failed start leaves no connection or PGlite lock behind.
 */
export async function openServiceDatabase(
  opts: OpenDatabaseOptions & {
    migrationsFolder: string;
    prepare?: (handle: DatabaseHandle) => Promise<unknown>;
  },
): Promise<DatabaseHandle> {
  const handle = await openDatabase(opts);
  try {
    await migrateDatabase(handle, opts.migrationsFolder);
    await opts.prepare?.(handle);
  } catch (e) {
    await handle.close();
    throw e;
  }
  return handle;
}

/** Where a service's config says its database is: DATABASE_URL, else the embedded PGlite under PES_DATA_DIR. */
export interface DatabaseConfig {
  databaseUrl: string | undefined;
  dataDir: string;
}

/**
 * A service's database, from its drizzle schema and its migrations folder: `open(config)` opens
 * DATABASE_URL (or the embedded PGlite in <dataDir>/pglite), applies the migrations, then `prepare`s
 * it (see openServiceDatabase).
 */
export function serviceDatabase<C extends DatabaseConfig = DatabaseConfig>(
  // biome-ignore lint/suspicious/noExplicitAny: drizzle schema objects
  schema: Record<string, any>,
  migrations: URL,
  opts: { prepare?: (handle: DatabaseHandle, config: C) => Promise<unknown> } = {},
): { migrationsFolder: string; open(config: C): Promise<DatabaseHandle> } {
  const migrationsFolder = fileURLToPath(migrations);
  return {
    migrationsFolder,
    open: (config) =>
      openServiceDatabase({
        url: config.databaseUrl,
        dataDir: join(config.dataDir, "pglite"),
        schema,
        migrationsFolder,
        ...(opts.prepare ? { prepare: (handle) => opts.prepare!(handle, config) } : {}),
      }),
  };
}
