import type { DatabaseHandle } from "@pes/sync/db";
import { createOperator, issueToken } from "../../src/auth/tokens.js";
import type { OperatorRole } from "../../src/db/tables/operators.js";

/** Authorization headers of a fresh operator with `role`, holding a real token. */
export async function operatorHeaders(
  db: DatabaseHandle,
  role: OperatorRole,
): Promise<Record<string, string>> {
  return (await testOperator(db, role)).headers;
}

/** A fresh operator with `role`: its id and the authorization headers of a real token. */
export async function testOperator(
  db: DatabaseHandle,
  role: OperatorRole,
): Promise<{ id: string; headers: Record<string, string> }> {
  const id = await createOperator(db.db, `${role}-${Math.random().toString(36).slice(2, 8)}`, role);
  return { id, headers: { authorization: `Bearer ${await issueToken(db.db, id, "test")}` } };
}
