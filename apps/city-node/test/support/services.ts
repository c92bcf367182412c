import type { KafkaProbe } from "@pes/http";
import { PiiCipher } from "@pes/sync";
import type { DatabaseHandle } from "@pes/sync/db";
import { issueToken } from "../../src/auth/tokens.js";
import type { Services } from "../../src/context.js";
import { type StaffRole, staff } from "../../src/db/tables/network.js";
import { DEV_PII_KEY } from "../../src/env.js";
import { publisherFor } from "../../src/streams/publish.js";

export const TEST_PERSON_KEY_SECRET = "test-person-key-secret-0123456789";

/** The services of a node for `cityCode` on a real database, as main.ts builds them. */
export function testServices(
  config: { cityCode: string; cityName: string },
  db: DatabaseHandle,
  kafka: KafkaProbe,
): Services {
  return {
    config: config as Services["config"],
    db,
    kafka,
    vault: { cipher: new PiiCipher(DEV_PII_KEY), personKeySecret: TEST_PERSON_KEY_SECRET },
    publisher: publisherFor(config.cityCode),
  };
}

/** A staff member with a fresh token: the Authorization header to send. */
export async function staffWithToken(
  db: DatabaseHandle,
  role: StaffRole,
  divisionCode: string,
  name = `${role}-${divisionCode}`,
) {
  const [member] = await db.db.insert(staff).values({ name, role, divisionCode }).returning({ id: staff.id });
  const token = await issueToken(db.db, member!.id, "test");
  return { staffId: member!.id, headers: { authorization: `Bearer ${token}` } };
}
