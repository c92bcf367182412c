import { randomBytes } from "node:crypto";
import postgres from "postgres";

/** The server the tests create their databases on: the real PostgreSQL, never a mock. */
export const TEST_ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://root@127.0.0.1:5432/postgres";

/**
 * One fresh database per test file, dropped afterwards: a shared seeded database makes suites
 * depend on each other's rows.
 */
export async function createTestDatabase(label = "t"): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `pes_${label
    .replace(/[^a-z0-9]/gi, "")
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
