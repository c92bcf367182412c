import type { DatabaseHandle } from "@pes/sync/db";

/**
 * rate-limiter-flexible's RateLimiterPostgres speaks to a `pg` client (`query({ text, values })` →
 * `{ rows, rowCount }`); this is one over the service's own connection, postgres.js or the embedded
 * PGlite, so the limiter needs no second driver and no second pool.
 */
export function rateLimitStoreClient(handle: DatabaseHandle) {
  return {
    async query({ text, values = [] }: { text: string; values?: unknown[] }) {
      let rows: Record<string, unknown>[];
      let rowCount: number;
      if (handle.driver === "postgres") {
        const result = await handle.client.unsafe(text, values as never[]);
        rows = [...result];
        rowCount = result.count;
      } else {
        const result = await handle.client.query<Record<string, unknown>>(text, values);
        rows = result.rows;
        rowCount = result.affectedRows || result.rows.length;
      }
      // The window's end is an int8 of epoch ms: postgres.js answers it as text, PGlite maybe a bigint.
      return { rows: rows.map((r) => ("expire" in r ? { ...r, expire: toNumber(r.expire) } : r)), rowCount };
    },
  };
}

const toNumber = (v: unknown) => (v === null || v === undefined ? null : Number(v));
