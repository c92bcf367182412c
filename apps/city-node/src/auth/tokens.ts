import { hashToken, newToken } from "@pes/http";
import type { Database } from "@pes/sync/db";
import { and, eq, gt, isNull, or } from "drizzle-orm";
import { apiTokens, type StaffRole, staff } from "../db/tables/network.js";

export interface Caller {
  staffId: string;
  name: string;
  role: StaffRole;
  divisionCode: string;
  servicePointId: string | null;
}

const PREFIX = "pes_cn_";

/** Issues a token for a staff member; the clear token is returned once and only its hash is kept. */
export async function issueToken(
  db: Database,
  staffId: string,
  label: string,
  expiresAt?: Date,
): Promise<string> {
  const token = newToken(PREFIX);
  await db
    .insert(apiTokens)
    .values({ staffId, tokenHash: hashToken(token), label, expiresAt: expiresAt ?? null });
  return token;
}

/** The active staff member a bearer token belongs to, or undefined. */
export async function callerOfToken(db: Database, token: string): Promise<Caller | undefined> {
  if (!token.startsWith(PREFIX)) return undefined;
  const [row] = await db
    .select({
      staffId: staff.id,
      name: staff.name,
      role: staff.role,
      divisionCode: staff.divisionCode,
      servicePointId: staff.servicePointId,
    })
    .from(apiTokens)
    .innerJoin(staff, eq(staff.id, apiTokens.staffId))
    .where(
      and(
        eq(apiTokens.tokenHash, hashToken(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, new Date())),
        eq(staff.active, true),
      ),
    );
  return row;
}
