import { hashToken, newToken } from "@pes/http";
import type { Database } from "@pes/sync/db";
import { and, eq, gt, isNull, or } from "drizzle-orm";
import type { Operator } from "../context.js";
import { type OperatorRole, operators, operatorTokens } from "../db/tables/operators.js";

const PREFIX = "pes_ph_";

/** Adds an operator; returns its id. */
export async function createOperator(db: Database, name: string, role: OperatorRole): Promise<string> {
  const [row] = await db.insert(operators).values({ name, role }).returning({ id: operators.id });
  return row!.id;
}

/** Issues a token for an operator; the clear token is returned once and only its hash is kept. */
export async function issueToken(
  db: Database,
  operatorId: string,
  label: string,
  expiresAt?: Date,
): Promise<string> {
  const token = newToken(PREFIX);
  await db
    .insert(operatorTokens)
    .values({ operatorId, tokenHash: hashToken(token), label, expiresAt: expiresAt ?? null });
  return token;
}

/** The active operator a bearer token belongs to, or undefined. */
export async function operatorOfToken(db: Database, token: string): Promise<Operator | undefined> {
  if (!token.startsWith(PREFIX)) return undefined;
  const [row] = await db
    .select({ id: operators.id, name: operators.name, role: operators.role })
    .from(operatorTokens)
    .innerJoin(operators, eq(operators.id, operatorTokens.operatorId))
    .where(
      and(
        eq(operatorTokens.tokenHash, hashToken(token)),
        isNull(operatorTokens.revokedAt),
        or(isNull(operatorTokens.expiresAt), gt(operatorTokens.expiresAt, new Date())),
        eq(operators.active, true),
      ),
    );
  return row;
}
