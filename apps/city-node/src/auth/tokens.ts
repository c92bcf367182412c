import { DomainError } from "@pes/core";
import { hashToken, newToken } from "@pes/http";
import type { Database } from "@pes/sync/db";
import { asc, eq } from "drizzle-orm";
import type { Caller } from "../context.js";
import { apiTokens, staff } from "../db/tables/network.js";

const PREFIX = "pes_cn_";
const DAY_MS = 86_400_000;

/**
 * How long a token issued through the API lives when the admin names no expiry: a desk token is
 * renewed once a year. The CLI issues tokens without expiry unless `--expires-in-days` is given (the
 * bootstrap admin token must not lock the node out); any token can be revoked.
 */
export const DEFAULT_TOKEN_DAYS = 365;
/** The longest lifetime asked for in days (ten years). */
export const MAX_TOKEN_DAYS = 3650;
/** lastUsedAt is written at most once a minute per token: a request costs no write otherwise. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The expiry `days` days from `now`. */
export const expiryInDays = (days: number, now = new Date()) => new Date(now.getTime() + days * DAY_MS);

/** Issues a token for a staff member; the clear token is returned once and only its hash is kept. */
export async function issueToken(
  db: Database,
  staffId: string,
  label: string,
  expiresAt?: Date,
): Promise<string> {
  return (await issueTokenWithId(db, staffId, label, expiresAt)).token;
}

/** issueToken, also naming the token's id (for the audit log and the admin's token list). */
export async function issueTokenWithId(
  db: Database,
  staffId: string,
  label: string,
  expiresAt?: Date,
): Promise<{ id: string; token: string }> {
  const token = newToken(PREFIX);
  const [row] = await db
    .insert(apiTokens)
    .values({ staffId, tokenHash: hashToken(token), label, expiresAt: expiresAt ?? null })
    .returning({ id: apiTokens.id });
  return { id: row!.id, token };
}

/**
 * The active staff member a bearer token belongs to, or undefined (unknown, revoked, or its staff
 * member deactivated: the 401 says no more than "invalid"). A token that is otherwise good but past
 * its expiry is refused with `token-expired`, so its holder knows to ask for a new one; the problem
 * names neither the token nor its owner.
 */
export async function callerOfToken(
  db: Database,
  token: string,
  now = new Date(),
): Promise<Caller | undefined> {
  if (!token.startsWith(PREFIX)) return undefined;
  const [row] = await db
    .select({
      tokenId: apiTokens.id,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      active: staff.active,
      staffId: staff.id,
      name: staff.name,
      role: staff.role,
      divisionCode: staff.divisionCode,
      servicePointId: staff.servicePointId,
    })
    .from(apiTokens)
    .innerJoin(staff, eq(staff.id, apiTokens.staffId))
    .where(eq(apiTokens.tokenHash, hashToken(token)));
  if (!row || row.revokedAt !== null || !row.active) return undefined;
  if (row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime())
    throw new DomainError(
      "unauthenticated",
      "token-expired",
      "The token has expired; ask a city admin for a new one",
    );
  if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS)
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
  const { staffId, name, role, divisionCode, servicePointId } = row;
  return { staffId, name, role, divisionCode, servicePointId };
}

export type TokenStatus = "active" | "expired" | "revoked";

/** A staff member's tokens as an admin sees them, oldest first: never the token or its hash. */
export async function tokensOf(db: Database, staffId: string, now = new Date()) {
  const rows = await db
    .select({
      id: apiTokens.id,
      label: apiTokens.label,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.staffId, staffId))
    .orderBy(asc(apiTokens.createdAt), asc(apiTokens.id));
  return rows.map((t) => ({
    ...t,
    status: (t.revokedAt !== null
      ? "revoked"
      : t.expiresAt !== null && t.expiresAt.getTime() <= now.getTime()
        ? "expired"
        : "active") as TokenStatus,
  }));
}
