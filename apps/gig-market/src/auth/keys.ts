import { DomainError } from "@pes/core";
import { hashToken, newToken } from "@pes/http";
import type { Database } from "@pes/sync/db";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { apiKeys, markets } from "../db/tables/markets.js";
import type { Market } from "../domain/market.js";

export const KEY_PREFIX = "pes_gm_";
/** pes_gm_ and six characters of the secret: enough to tell a market's keys apart. */
const SHOWN_LENGTH = KEY_PREFIX.length + 6;

export interface IssuedKey {
  id: string;
  label: string;
  prefix: string;
  createdAt: Date;
  /** The clear key: returned once, only its hash is kept. */
  key: string;
}

export async function issueKey(db: Database, marketId: string, label: string): Promise<IssuedKey> {
  const key = newToken(KEY_PREFIX);
  const [row] = await db
    .insert(apiKeys)
    .values({ marketId, label, keyHash: hashToken(key), prefix: key.slice(0, SHOWN_LENGTH) })
    .returning({
      id: apiKeys.id,
      label: apiKeys.label,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
    });
  return { ...row!, key };
}

/**
 * Issues a key unless the market already holds `max` active ones (409 too-many-keys). The market's
 * row is locked meanwhile, so concurrent requests cannot both pass the count.
 */
export async function issueKeyWithin(
  db: Database,
  marketId: string,
  label: string,
  max: number,
): Promise<IssuedKey> {
  return db.transaction(async (tx) => {
    await tx.select({ id: markets.id }).from(markets).where(eq(markets.id, marketId)).for("update");
    const [active] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(apiKeys)
      .where(and(eq(apiKeys.marketId, marketId), isNull(apiKeys.revokedAt)));
    if ((active?.n ?? 0) >= max)
      throw new DomainError(
        "conflict",
        "too-many-keys",
        `This market holds ${max} active API keys, the most it may; revoke one (DELETE /v1/keys/{id}) before issuing another`,
      );
    return issueKey(tx, marketId, label);
  });
}

/** The market an active key belongs to, or undefined; notes when the key was last used (to the minute). */
export async function marketOfKey(
  db: Database,
  key: string,
): Promise<{ market: Market; keyId: string } | undefined> {
  if (!key.startsWith(KEY_PREFIX)) return undefined;
  const [row] = await db
    .select({ market: markets, keyId: apiKeys.id, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .innerJoin(markets, eq(markets.id, apiKeys.marketId))
    .where(and(eq(apiKeys.keyHash, hashToken(key)), isNull(apiKeys.revokedAt)));
  if (!row) return undefined;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(apiKeys.id, row.keyId),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)),
        ),
      );
  }
  return { market: row.market, keyId: row.keyId };
}
