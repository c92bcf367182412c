import type { DatabaseHandle } from "@pes/sync/db";
import { issueToken } from "../../src/auth/tokens.js";
import { type StaffRole, staff } from "../../src/db/tables/network.js";

export type { StaffRole };
/** A staff member of the test database and the authorization headers of a real token. */
export interface Principal {
  staffId: string;
  headers: Record<string, string>;
}

/**
 * A staff member with `role` over `divisionCode` (the city, a district, a street or a community),
 * at `servicePointId` when given (it must exist), with a fresh token.
 */
export async function staffWithToken(
  db: Pick<DatabaseHandle, "db">,
  role: StaffRole,
  divisionCode: string,
  name = `${role}-${divisionCode}`,
  servicePointId?: string,
): Promise<Principal> {
  const [member] = await db.db
    .insert(staff)
    .values({ name, role, divisionCode, servicePointId: servicePointId ?? null })
    .returning({ id: staff.id });
  const token = await issueToken(db.db, member!.id, "test");
  return { staffId: member!.id, headers: { authorization: `Bearer ${token}` } };
}

/** Staff of each role in 厦门: a clerk of 思明, a clerk of 湖里, a supervisor of 思明 and a city admin. */
export async function staffOfEachRole(db: Pick<DatabaseHandle, "db">) {
  return {
    simingClerk: await staffWithToken(db, "clerk", "350203"),
    huliClerk: await staffWithToken(db, "clerk", "350206"),
    simingSupervisor: await staffWithToken(db, "supervisor", "350203"),
    admin: await staffWithToken(db, "city-admin", "350200"),
  };
}
