import type { DatabaseHandle } from "@pes/sync/db";
import { createOperator, issueToken } from "../../src/auth/tokens.js";
import type { OperatorRole } from "../../src/db/tables/operators.js";

export type { OperatorRole };
export type Headers = Record<string, string>;
/** A provincial operator of the test database: its id and the authorization headers of a real token. */
export interface Principal {
  id: string;
  headers: Headers;
}

/** A fresh operator with `role`, holding a real token. */
export async function testOperator(db: Pick<DatabaseHandle, "db">, role: OperatorRole): Promise<Principal> {
  const id = await createOperator(db.db, `${role}-${Math.random().toString(36).slice(2, 8)}`, role);
  return { id, headers: { authorization: `Bearer ${await issueToken(db.db, id, "test")}` } };
}

/** Authorization headers of a fresh operator with `role`, holding a real token. */
export async function operatorHeaders(db: Pick<DatabaseHandle, "db">, role: OperatorRole): Promise<Headers> {
  return (await testOperator(db, role)).headers;
}

/** An operator of each role, created in this order (viewer, operator, admin, gateway). */
export async function operatorsOfEachRole(db: Pick<DatabaseHandle, "db">) {
  const viewer = await testOperator(db, "viewer");
  const operator = await testOperator(db, "operator");
  const admin = await testOperator(db, "admin");
  const gateway = await testOperator(db, "gateway");
  return { viewer, operator, admin, gateway } satisfies Record<OperatorRole, Principal>;
}
